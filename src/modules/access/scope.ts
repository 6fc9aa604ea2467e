import type { AuditActor } from '../audit/audit.service.js';
import { accessErrors, type Principal, type Scope } from './access.policy.js';

/** Narrows a resolved scope for a store route: the policy guarantees the store, this states it in the type. */
export function requireStoreScope(scope: Scope): { storeId: string } {
  if (!scope.storeId) throw accessErrors.notFound();
  return { storeId: scope.storeId };
}

export function requireDealerScope(scope: Scope): { storeId: string; dealerId: string } {
  if (!scope.storeId || !scope.dealerId) throw accessErrors.notFound();
  return { storeId: scope.storeId, dealerId: scope.dealerId };
}

export function actorOf(principal: Principal, ip: string): AuditActor {
  return principal.kind === 'anonymous'
    ? { userId: null, role: 'anonymous', ip }
    : { userId: principal.userId, role: principal.role, ip };
}
