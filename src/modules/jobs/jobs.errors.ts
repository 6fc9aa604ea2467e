import { DomainError } from '../../shared/errors.js';

export const jobErrors = {
  notFound: () => new DomainError('not_found', 'JOB_NOT_FOUND', 'No job has this id in this store.'),
  notDead: (status: string) =>
    new DomainError('conflict', 'JOB_NOT_DEAD', `Only a dead job can be retried; this one is ${status}.`, { status }),
};
