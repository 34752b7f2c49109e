import type { OrderStatusMap } from '../config/orders';
import { OrderStates, type OrderState } from './states';
import type { ChainProgress } from './types';

/** Stages of the Sage chain as the shop shows them, in order. */
export const CHAIN_STAGES = [
  'awaiting-validation',
  'validated',
  'in-preparation',
  'being-delivered',
  'invoiced',
] as const;
export type ChainStage = (typeof CHAIN_STAGES)[number];

export function stageRank(stage: ChainStage | null): number {
  return stage === null ? -1 : CHAIN_STAGES.indexOf(stage);
}

/**
 * The furthest stage the quote's documents reached: an invoice (validated) › a delivery note ›
 * a picking › an order › the quote. Sage may skip stages (an order invoiced directly), so each
 * document is looked at on its own.
 */
export function stageOf(progress: ChainProgress): ChainStage {
  if (progress.invoice) return 'invoiced';
  if (progress.delivery) return 'being-delivered';
  if (progress.picking) return 'in-preparation';
  if (progress.order) return 'validated';
  return 'awaiting-validation';
}

/** The shop status of a stage (an invoiced order is completed once its PDF is attached). */
export function shopStatusOf(stage: ChainStage, statuses: OrderStatusMap): string {
  switch (stage) {
    case 'awaiting-validation':
      return statuses.awaitingValidation;
    case 'validated':
      return statuses.validated;
    case 'in-preparation':
      return statuses.inPreparation;
    case 'being-delivered':
      return statuses.beingDelivered;
    case 'invoiced':
      return statuses.completed;
  }
}

/** The workflow state shown while the order sits at a stage. */
export function stateOfStage(stage: ChainStage): OrderState {
  switch (stage) {
    case 'awaiting-validation':
      return OrderStates.awaitingValidation;
    case 'validated':
      return OrderStates.validated;
    case 'in-preparation':
      return OrderStates.inPreparation;
    case 'being-delivered':
      return OrderStates.beingDelivered;
    case 'invoiced':
      return OrderStates.invoiced;
  }
}

/** True while the sales rep has not turned the quote into anything (cancellation rules). */
export function isBeforeValidation(stage: ChainStage | null): boolean {
  return stageRank(stage) <= stageRank('awaiting-validation');
}

/**
 * The shop note of a stage change: unique per document number, so that a retried activity
 * (notes created "if absent") adds it once.
 */
export function stageNote(stage: ChainStage, progress: ChainProgress): string {
  switch (stage) {
    case 'awaiting-validation':
      return `Devis Sage ${progress.quote} créé : commande en attente de validation.`;
    case 'validated':
      return `Commande validée (bon de commande Sage ${progress.order ?? ''}).`;
    case 'in-preparation':
      return `Commande en préparation (${progress.picking ?? ''}).`;
    case 'being-delivered':
      return `Commande en cours de livraison, bon de livraison ${progress.delivery ?? ''}.`;
    case 'invoiced':
      return `Facture ${progress.invoice ?? ''} émise.`;
  }
}
