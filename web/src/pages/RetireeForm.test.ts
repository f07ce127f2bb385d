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
});
