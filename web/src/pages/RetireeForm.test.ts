import { describe, expect, it } from 'vitest';
import { emptyProfile, toRequest } from './RetireeForm';

describe('the retiree form’s request body', () => {
  it('leaves out an empty birth date and sends empty text as null', () => {
    const body = toRequest({ ...emptyProfile, name: '张三', mobile: '13900139001', idNumber: '' });
    expect('birthDate' in body).toBe(false);
    expect(body.idNumber).toBeNull();
    expect(body.name).toBe('张三');
  });

  it('sends a time of day with seconds and drops the date of death unless deceased', () => {
    const body = toRequest({ ...emptyProfile, birthDate: '1940-01-01', preferredCheckInTime: '08:30', deceasedOn: '2026-01-01' });
    expect(body.preferredCheckInTime).toBe('08:30:00');
    expect(body.deceasedOn).toBeNull();
    expect(toRequest({ ...emptyProfile, status: 'deceased', deceasedOn: '2026-01-01' }).deceasedOn).toBe('2026-01-01');
  });

  it('sends the new fields: empty dates as null, a spouse without phone, only the children with a name or phone', () => {
    const body = toRequest({
      ...emptyProfile, name: '王五', birthDate: '1940-01-01', title: '教授', workStartDate: '', partyJoinDate: '1965-07-01',
      spouse: { name: '刘六', relation: '配偶', phone: '' },
      children: [{ name: '王明', relation: '子女', phone: '13700137000' }, { name: '', relation: '子女', phone: '' }, { name: '王红', relation: '子女', phone: '' }],
    });
    expect(body.title).toBe('教授');
    expect(body.workStartDate).toBeNull();
    expect(body.partyJoinDate).toBe('1965-07-01');
    expect(body.spouse).toEqual({ name: '刘六', relation: '配偶', phone: null });
    expect(body.children).toEqual([{ name: '王明', relation: '子女', phone: '13700137000' }, { name: '王红', relation: '子女', phone: null }]);
    expect(toRequest(emptyProfile).spouse).toBeNull();
  });
});
