#!/usr/bin/env python3
"""Writes the import test files once (they are committed): workbooks are built from their XML parts by hand,
so each shows exactly one thing Excel does (merged cells, hidden rows, cached formulas, date styles...).
Run: python3 make_files.py (from this folder)."""
import zipfile, os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
{sheets}
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
# Style 0 general, 1 built-in date (14), 2 custom Chinese date, 3 text.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    def __init__(self):
        self.strings, self.index, self.sheets = [], {}, []

    def s(self, text):
        if text not in self.index:
            self.index[text] = len(self.strings)
            self.strings.append(text)
        return self.index[text]

    def cell(self, ref, v):
        """v: str (shared string), int/float (number), ('date', serial, style), ('f', formula, cached or None), ('inline', text), ('err', '#N/A')."""
        if v is None or v == "":
            return ""
        if isinstance(v, str):
            return f'<c r="{ref}" t="s"><v>{self.s(v)}</v></c>'
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        kind = v[0]
        if kind == "date":
            return f'<c r="{ref}" s="{v[2]}"><v>{v[1]}</v></c>'
        if kind == "f":
            cached = "" if v[2] is None else (f"<v>{escape(v[2])}</v>" if isinstance(v[2], str) else f"<v>{v[2]}</v>")
            t = ' t="str"' if isinstance(v[2], str) else ""
            return f'<c r="{ref}"{t}><f>{escape(v[1])}</f>{cached}</c>'
        if kind == "inline":
            return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v[1])}</t></is></c>'
        if kind == "err":
            return f'<c r="{ref}" t="e"><v>{v[1]}</v></c>'
        if kind == "phonetic":
            # A shared string with a phonetic guide that is not part of the text.
            return f'<c r="{ref}" t="s"><v>{self.s(("PH", v[1], v[2]))}</v></c>'
        raise ValueError(v)

    def sheet(self, name, rows, hidden=(), merges=(), state=None, extra_rows=""):
        xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, cells in rows:
            h = ' hidden="1"' if r in hidden else ""
            xml.append(f'<row r="{r}"{h}>' + "".join(self.cell(f"{col(i)}{r}", v) for i, v in enumerate(cells)) + "</row>")
        xml.append(extra_rows)
        xml.append("</sheetData>")
        if merges:
            xml.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
        xml.append("</worksheet>")
        self.sheets.append((name, "".join(xml), state))

    def save(self, path, big_part=None):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            n = len(self.sheets)
            z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
                f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))))
            z.writestr("_rels/.rels", ROOT_RELS)
            sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{i+1}" r:id="rId{i+1}"' + (f' state="{st}"' if st else "") + "/>" for i, (name, _, st) in enumerate(self.sheets))
            z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' + sheets + "</sheets></workbook>")
            rels = "".join(f'<Relationship Id="rId{i+1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i+1}.xml"/>' for i in range(n))
            rels += f'<Relationship Id="rId{n+1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            rels += f'<Relationship Id="rId{n+2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels + "</Relationships>")
            z.writestr("xl/styles.xml", STYLES)
            items = []
            for s in self.strings:
                if isinstance(s, tuple):
                    items.append(f"<si><t>{escape(s[1])}</t><rPh sb=\"0\" eb=\"1\"><t>{escape(s[2])}</t></rPh></si>")
                else:
                    items.append(f'<si><t xml:space="preserve">{escape(s)}</t></si>')
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(items)}" uniqueCount="{len(items)}">' + "".join(items) + "</sst>")
            for i, (_, xml, _) in enumerate(self.sheets):
                z.writestr(f"xl/worksheets/sheet{i+1}.xml", xml)
            if big_part:
                # A part that expands to big_part bytes of zeros: a zip bomb (the deflate ratio is ~1000:1).
                with z.open("xl/media/padding.bin", "w", force_zip64=True) as f:
                    block = b"\0" * (1 << 20)
                    for _ in range(big_part >> 20):
                        f.write(block)


HEAD = ["序号", "姓名", "性别", "出生年月", "身份证号码", "联系电话", "工作单位", "家庭住址", "离退休类型", "备注"]

# An office's roster as Excel keeps it: a title row merged across, the header on row 3, a unit merged down over
# three people, a hidden row, dates as a date cell, a Chinese-format date cell, a serial typed as text, a formula
# with its cached value, a mobile stored as a number, a name with a phonetic guide, an inline string.
b = Book()
rows = [
    (1, ["某某大学离退休人员花名册"] + [""] * 9),
    (3, HEAD),
    (4, [1, "吴国强", "男", ("date", 15405, 1), "", 13800001111, "图书馆", "珞珈山1号", "退休", ("f", "CONCATENATE(\"老\",\"党员\")", "老党员")]),
    (5, [2, ("phonetic", "郑丽", "ていれい"), "女", ("date", 17777, 2), "", ("inline", "13800001112"), "", "珞珈山2号", "离休", ""]),
    (6, [3, "钱一", "男", "1950.5.5", "", "13800001113", "", "珞珈山3号", "退休", ""]),
    (7, [4, "藏起来", "男", "1950-05-06", "", "13800001114", "后勤", "珞珈山4号", "退休", ""]),
    (8, [5, "孙二", "女", "19510303", "", "027-87654321", "后勤", "珞珈山5号", "退休", ("f", "1+1", 2)]),
]
b.sheet("花名册", rows, hidden=(7,), merges=("A1:J1", "G4:G6"))
b.save(os.path.join(HERE, "roster-title-merged-hidden.xlsx"))

# Several sheets with data (离休, 退休) and an empty one: the import asks which.
b = Book()
b.sheet("离休", [(1, ["姓名", "出生日期", "手机"]), (2, ["老战士", "1928-01-01", "13800002001"])])
b.sheet("退休", [(1, ["姓名", "出生日期", "手机"]), (2, ["老教师", "1948-01-01", "13800002002"]), (3, ["老工人", "1949-02-02", "13800002003"])])
b.sheet("Sheet3", [])
b.sheet("隐藏", [(1, ["姓名", "出生日期", "手机"]), (2, ["看不见", "1948-01-01", "13800002009"])], state="hidden")
b.save(os.path.join(HERE, "several-sheets.xlsx"))

# A formula cell whose result was never saved (made by a program, not Excel).
b = Book()
b.sheet("Sheet1", [(1, ["姓名", "出生日期", "手机"]), (2, ["公式", ("f", "DATE(1950,1,1)", None), "13800003001"])])
b.save(os.path.join(HERE, "formula-without-value.xlsx"))

# 1,000,000 empty rows below two people (Excel formatting down the whole sheet).
b = Book()
empty = "".join(f'<row r="{r}"><c r="A{r}" s="3"/></row>' for r in range(4, 1_000_004))
b.sheet("Sheet1", [(1, ["姓名", "出生日期", "手机"]), (2, ["甲一", "1950-01-01", "13800004001"]), (3, ["乙二", "1950-01-02", "13800004002"])], extra_rows=empty)
b.save(os.path.join(HERE, "million-empty-rows.xlsx"))

# Only empty rows.
b = Book()
b.sheet("Sheet1", [], extra_rows="".join(f'<row r="{r}"/>' for r in range(1, 1_000_001)))
b.save(os.path.join(HERE, "only-empty-rows.xlsx"))

# A zip bomb: a workbook with a part that expands to 1 GB.
b = Book()
b.sheet("Sheet1", [(1, ["姓名", "出生日期", "手机"]), (2, ["甲", "1950-01-01", "13800005001"])])
b.save(os.path.join(HERE, "zip-bomb.xlsx"), big_part=1 << 30)

# A zip that is not a workbook (a .docx-like archive).
with zipfile.ZipFile(os.path.join(HERE, "not-a-workbook.xlsx"), "w") as z:
    z.writestr("word/document.xml", "<w:document/>")

# CSV in every encoding offices send; the same people so the tests compare the result.
ZH = "序号,姓名,性别,出生年月,身份证号码,联系电话,工作单位,家庭住址,备注\r\n" \
     "1,王建国,男,1942年3月5日,,13800006001,化学系,武昌区八一路1号,老党员\r\n" \
     "2,李秀英,女,1942.3.5,,13800006002,物理系,\"武昌区八一路2号,3栋\",\r\n" \
     "3,张德明,男,1942-3-5,,027-87650003,数学系,,\r\n" \
     "4,陈淑芬,女,1942/03/05,,13800006004,,,\r\n" \
     "5,刘志强,男,19420305,,13800006005,,,\r\n" \
     "6,赵桂兰,女,1942-03-05 00:00:00,,13800006006,,,\r\n" \
     "7,周伯通,男,1942年3月,,13800006007,,,\r\n"
EN = "name,gender,birthDate,mobile,unit\r\n王建国,男,1942-03-05,13800007001,化学系\r\n李秀英,女,1942-03-06,13800007002,物理系\r\n"
open(os.path.join(HERE, "gbk-chinese-headers.csv"), "wb").write(ZH.encode("gbk"))
open(os.path.join(HERE, "gb18030-chinese-headers.csv"), "wb").write(ZH.replace("王建国", "王𠀀国").encode("gb18030"))
open(os.path.join(HERE, "gbk-english-headers.csv"), "wb").write(EN.encode("gbk"))
open(os.path.join(HERE, "utf8-bom.csv"), "wb").write(b"\xef\xbb\xbf" + ZH.encode("utf-8"))
open(os.path.join(HERE, "utf8-no-bom.csv"), "wb").write(ZH.encode("utf-8"))
open(os.path.join(HERE, "windows-1252.csv"), "wb").write("name,birthDate,mobile\r\nJosé Müller,1942-03-05,13800008001\r\nFrançoise Lefèvre,1943-01-01,13800008002\r\n".encode("cp1252"))
# A binary file renamed .csv, and an old .xls renamed .csv.
open(os.path.join(HERE, "binary-renamed.csv"), "wb").write(bytes(range(256)) * 8)
open(os.path.join(HERE, "old-excel.csv"), "wb").write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 504)
print("written")
