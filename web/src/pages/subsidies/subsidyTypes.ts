// GET /api/subsidies/* and /api/retirees/{id}/subsidy (functions/Afterglow.App/Subsidies).
export interface SubsidyRules { longevity: { fromAge: number; yearlyAmount: number }[]; hardship: { level: number; yearlyAmount: number }[] }
export interface SubsidyYearRow {
  retireeId: string; name: string; unit?: string | null; birthDate: string; ageAtYearEnd: number; status: string; deceasedOn?: string | null;
  bandFromAge?: number | null; hardshipLevel: number; longevityMonths: number; longevity: number; hardshipMonths: number; hardship: number; total: number;
}
export interface SubsidyYear {
  year: number; rows: SubsidyYearRow[]; bands: { fromAge: number; people: number; amount: number }[]; levels: { level: number; people: number; amount: number }[];
  people: number; longevity: number; hardship: number; total: number;
}
export interface SubsidyChange {
  month: string; retireeId: string; name: string; unit?: string | null; kind: 'starts' | 'changes' | 'stops'; bandBefore?: number | null; bandNow?: number | null;
  levelBefore: number; levelNow: number; monthlyBefore: number; monthlyNow: number; status: string; deceasedOn?: string | null;
}
export interface SubsidyMonth { month: string; changes: SubsidyChange[]; peoplePaid: number; amount: number; starts: number; stops: number }
export interface HardshipPeriod { level: number; from: string; reason: string; setBy: string; setAt: string }
export interface RetireeSubsidy {
  now: { band?: { fromAge: number; yearlyAmount: number } | null; hardshipLevel: number; total: number };
  yearLongevity: number; yearHardship: number; hardship: HardshipPeriod[]; changes: SubsidyChange[];
}

export const money = (n: number) => n.toFixed(2);
