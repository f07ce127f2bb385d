// The API's field messages are English. In Chinese the common ones are shown in Chinese; anything else is
// shown as the server wrote it, which is still specific and correct.
import { locale } from './i18n';

const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^This field is required\.$/, () => '此项必填。'],
  [/^Enter the birth date \(YYYY-MM-DD\)\.$/, () => '请填写出生日期（年-月-日）。'],
  [/^Enter a valid mobile number\.$/, () => '请输入有效的手机号码。'],
  [/^'(.*)' is not a valid phone number.*$/, (m) => `“${m[1]}”不是有效的电话号码。`],
  [/^'(.*)' is not a date \(YYYY-MM-DD\)\.$/, (m) => `“${m[1]}”不是有效日期（年-月-日）。`],
  [/^'(.*)' is not yes or no \(是\/否\)\.$/, (m) => `“${m[1]}”应为“是”或“否”。`],
  [/^At most (\d+) characters\.$/, (m) => `最多 ${m[1]} 个字符。`],
  [/^Between (\d+) and (\d+) characters\.$/, (m) => `应为 ${m[1]} 到 ${m[2]} 个字符。`],
  [/^Between (\d+) and (\d+) minutes\.$/, (m) => `应在 ${m[1]} 到 ${m[2]} 分钟之间。`],
  [/^Enter a name of at most (\d+) characters\.$/, (m) => `请填写姓名，最多 ${m[1]} 个字符。`],
  [/^This ID number is already registered\.$/, () => '该身份证号已登记。'],
  [/^This ID number appears twice in the file\.$/, () => '该身份证号在文件中出现了两次。'],
  [/^A password needs (\d+) to (\d+) characters\.$/, (m) => `密码需要 ${m[1]} 到 ${m[2]} 个字符。`],
  [/^Enter a valid email address\.$/, () => '请输入有效的电子邮箱。'],
  [/^Wrong email or password\.$/, () => '电子邮箱或密码错误。'],
  [/^This password is one of the most common ones; choose another\.$/, () => '这是最常见的密码之一，请换一个。'],
  [/^The password must not be the email address\.$/, () => '密码不能与电子邮箱相同。'],
  [/^Contains a hidden control or text-direction character \(U\+([0-9A-F]{4})\) at position (\d+); remove it\.$/, (m) => `第 ${m[2]} 个字符是隐藏的控制或文字方向字符（U+${m[1]}），请删除。`],
  [/^The ID number's check character is wrong; check for a typo\.$/, () => '身份证号校验位不正确，请检查是否输错。'],
  [/^The ID number says born (\d{4}-\d\d-\d\d), not (\d{4}-\d\d-\d\d)\.$/, (m) => `身份证号显示出生日期为 ${m[1]}，而不是 ${m[2]}。`],
  [/^Say whether this person is staff, liaison or volunteer\.$/, () => '请选择此人是工作人员、联络员还是志愿者。'],
  [/^This parameter is needed\.$/, () => '需要填写此参数。'],
  [/^Not in the past\.$/, () => '不能早于现在。'],
  [/^This segment reaches no one\.$/, () => '该人群没有可发送的人。'],
  [/^Someone else changed this record since you opened it\.$/, () => '您打开此档案后，其他人修改了它。'],
  [/^No volunteer with this id\.$/, () => '没有此志愿者。'],
  [/^Say what happened\.$/, () => '请说明情况。'],
  [/^Enter the day of the visit\.$/, () => '请填写走访日期。'],
  [/^The visit cannot be in the future\.$/, () => '走访日期不能晚于今天。'],
  [/^Enter a day from (\d{4}-\d\d-\d\d) on\.$/, (m) => `请填写 ${m[1]} 及以后的日期。`],
  [/^Choose the kind of visit\.$/, () => '请选择走访类别。'],
  [/^An amount from 0 to (\d+), in yuan and fen \(at most two decimals\)\.$/, (m) => `金额应在 0 到 ${m[1]} 元之间，最多两位小数。`],
  [/^Enter a day as yyyy-MM-dd\.$/, () => '请按 年-月-日 填写日期。'],
  [/^The period ends before it starts\.$/, () => '结束日期早于开始日期。'],
  [/^A period is at most (\d+) days\.$/, (m) => `期间最长 ${m[1]} 天。`],
  [/^An id of at most (\d+) characters: lower-case words joined by dots, e\.g\. notice\.checkup\.$/, (m) => `编号最多 ${m[1]} 个字符：小写英文单词用点号连接，如 notice.checkup。`],
  [/^A template with this id exists\.$/, () => '已有此编号的模板。'],
  [/^Use the same parameters as the Chinese text: (.*)\.$/, (m) => `请使用与中文内容相同的参数：${m[1]}。`],
  [/^Cannot be registered: (.*)\.$/, (m) => `无法向短信服务商报备：${m[1]}。`],
  [/^The office's name is required\.$/, () => '请填写单位名称。'],
  [/^No line breaks or control characters\.$/, () => '不能包含换行或控制字符。'],
  [/^Not a time zone id \(IANA, e\.g\. Asia\/Shanghai\)\.$/, () => '不是有效的时区标识（IANA，如 Asia/Shanghai）。'],
  [/^A time as HH:mm \(e\.g\. 21:00\)\.$/, () => '请按 时:分 填写时间（如 21:00）。'],
  [/^Someone changed the office settings since you read them\. Reload and try again\.$/, () => '您打开后其他人修改了本单位设置，请刷新后重试。'],
];

export function serverText(message: string | undefined): string | undefined {
  if (!message || locale() !== 'zh-CN') return message;
  for (const [pattern, zh] of rules) {
    const m = message.match(pattern);
    if (m) return zh(m);
  }
  return message;
}
