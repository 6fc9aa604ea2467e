import type { Db } from '../../db/database.js';
import type { MessageSender } from '../accounts/sender.js';
import type { JobHandler } from '../jobs/jobs.runner.js';
import { notificationHandler } from '../jobs/notifications.js';
import * as repo from './test-drives.repo.js';
import { messageParams, TEST_DRIVE_REMINDER } from './test-drives.service.js';

/**
 * The reminder before a test drive. Whether to send is decided at delivery: a booking cancelled,
 * finished or moved since it was queued (its start no longer the one queued) gets nothing.
 */
export function testDriveJobHandlers(deps: { db: Db; sender: MessageSender }): Record<string, JobHandler> {
  const send = notificationHandler(deps.db, deps.sender);
  return {
    [TEST_DRIVE_REMINDER]: async (raw, job) => {
      const payload = raw as { testDriveId: string; start: string };
      const row = await repo.findById(deps.db, payload.testDriveId);
      if (!row || row.slot_start !== payload.start) return;
      if (row.status !== 'booked' && row.status !== 'confirmed') return;
      await send({ userId: row.buyer_id, template: 'testDrive.reminder', params: messageParams(row) }, job);
    },
  };
}
