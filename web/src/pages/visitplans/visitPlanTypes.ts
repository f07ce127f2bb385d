import type { Filter, RiskTier, VisitKind } from '../../types';

export type VisitFrequency = 'monthly' | 'quarterly' | 'halfYearly' | 'yearly' | 'festivals';
export type PlanTaskState = 'overdue' | 'due' | 'done';
export const frequencies: VisitFrequency[] = ['monthly', 'quarterly', 'halfYearly', 'yearly', 'festivals'];

export interface FestivalWindow { name: string; from: string; to: string }

export interface VisitPlanView {
  id: string; name: string; visitors: { id: string; name: string }[]; segmentId: string | null; filter: Filter;
  frequency: VisitFrequency; festivals: FestivalWindow[]; kinds: VisitKind[]; startsOn: string; endsOn: string | null;
  note: string | null; active: boolean; createdBy: string; createdAt: string;
}

export interface PlanTask {
  planId: string; planName: string; periodKey: string; from: string; to: string; festival: string | null;
  retireeId: string; retireeName: string; tier: RiskTier; mobile: string; area: string | null; state: PlanTaskState;
  visitId: string | null; visitedOn: string | null; visitors: { id: string; name: string }[];
}

export interface PlanTaskList { on: string; overdue: number; due: number; done: number; items: PlanTask[]; truncated: boolean }

export interface ReportLine { key: string; count: number; amount: number | null }
export interface YearReportView { year: number; from: string; to: string; asOf: string; inCare: number; sections: { key: string; lines: ReportLine[] }[] }
