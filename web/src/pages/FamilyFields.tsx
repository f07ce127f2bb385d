import { describedBy, Field } from '../components/Field';
import { t } from '../i18n';
import type { FamilyMember } from '../types';

interface Props {
  spouse: FamilyMember | null | undefined;
  children: FamilyMember[];
  err: (field: string) => string | undefined;
  onSpouse: (next: FamilyMember | null) => void;
  onChildren: (next: FamilyMember[]) => void;
}

/** Spouse and children with their phones (the family the office calls); an empty spouse is no spouse. */
export function FamilyFields({ spouse, children, err, onSpouse, onChildren }: Props) {
  const setSpouse = (field: 'name' | 'phone', v: string) => {
    const next = { name: spouse?.name ?? '', relation: spouse?.relation ?? '配偶', phone: spouse?.phone ?? '', [field]: v };
    onSpouse(next.name === '' && next.phone === '' ? null : next);
  };
  const setChild = (i: number, field: 'name' | 'phone', v: string) => onChildren(children.map((c, n) => (n === i ? { ...c, [field]: v } : c)));
  const input = (id: string, label: string, value: string, msg: string | undefined, onInput: (v: string) => void, type = 'text') => (
    <Field key={id} id={id} label={label} error={msg}>
      <input {...describedBy(id, msg)} type={type} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </Field>
  );
  return (
    <>
      <div class="grid">
        {input('r-spouse-name', t('retiree.spouseName'), spouse?.name ?? '', err('spouse.name'), (v) => setSpouse('name', v))}
        {input('r-spouse-phone', t('retiree.spousePhone'), spouse?.phone ?? '', err('spouse.phone'), (v) => setSpouse('phone', v), 'tel')}
      </div>
      {err('children') && <p class="error">{err('children')}</p>}
      {children.map((c, i) => (
        <fieldset key={i} class="contact"><legend>{t('retiree.childN', { n: i + 1 })}</legend>
          <div class="grid">
            {input(`r-child${i}-name`, t('name'), c.name, err(`children[${i}].name`), (v) => setChild(i, 'name', v))}
            {input(`r-child${i}-phone`, t('phone'), c.phone ?? '', err(`children[${i}].phone`), (v) => setChild(i, 'phone', v), 'tel')}
          </div>
          <button type="button" class="danger" onClick={() => onChildren(children.filter((_, n) => n !== i))}>{t('remove')}</button>
        </fieldset>
      ))}
      {children.length < 10 && <button type="button" onClick={() => onChildren([...children, { name: '', relation: '子女', phone: '' }])}>{t('retiree.addChild')}</button>}
    </>
  );
}
