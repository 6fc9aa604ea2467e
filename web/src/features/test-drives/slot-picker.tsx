import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { addDays, fetchSlots, formatDay, shanghaiToday, type Slot } from './test-drives.api';

interface SlotPickerProps {
  store: string;
  dealer: string;
  model: string;
  day: string | null;
  start: string | null;
  onDay(day: string): void;
  onStart(start: string): void;
  /** A slot the booking already holds: shown, but not offered again. */
  current?: string | undefined;
}

/** The next fourteen days and the chosen day's 30-minute slots, each with the demo cars left. */
export function SlotPicker({ store, dealer, model, day, start, onDay, onStart, current }: SlotPickerProps) {
  const t = useT();
  const { locale } = useLocale();
  const slots = useRequest((signal) => fetchSlots(store, dealer, model, signal), [store, dealer, model]);
  if (slots.error) return <ErrorState onRetry={slots.retry} />;
  if (!slots.data) {
    return (
      <LoadingState>
        <div className="page-spinner" />
      </LoadingState>
    );
  }
  if (slots.data.capacity === 0) return <p className="empty-note">{t('testDrives.book.noDemoCar')}</p>;

  const today = shanghaiToday();
  const days = Array.from({ length: 15 }, (_, i) => addDays(today, i));
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots.data.slots) byDay.set(slot.date, [...(byDay.get(slot.date) ?? []), slot]);
  const open = (date: string) => (byDay.get(date) ?? []).some((slot) => slot.remaining > 0);
  const chosenDay = day && days.includes(day) ? day : (days.find(open) ?? today);
  const daySlots = byDay.get(chosenDay) ?? [];

  return (
    <div className="slot-picker">
      <fieldset className="slot-picker__group">
        <legend className="slot-picker__legend">{t('testDrives.book.day')}</legend>
        <div className="day-strip" role="group">
          {days.map((date) => (
            <button
              key={date}
              type="button"
              className="day-chip"
              aria-pressed={date === chosenDay}
              data-date={date}
              disabled={!open(date)}
              onClick={() => onDay(date)}
            >
              <span className="day-chip__weekday">{formatDay(date, locale, { weekday: 'short' })}</span>
              <span className="day-chip__date">{formatDay(date, locale, { day: 'numeric', month: 'short' })}</span>
              {!byDay.has(date) && <span className="day-chip__note">{t('testDrives.book.closed')}</span>}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset className="slot-picker__group">
        <legend className="slot-picker__legend">{t('testDrives.book.slot')}</legend>
        {daySlots.length === 0 ? (
          <p className="empty-note">{t('testDrives.book.noSlots')}</p>
        ) : (
          <div className="slot-grid" role="group">
            {daySlots.map((slot) => (
              <button
                key={slot.start}
                type="button"
                className="slot-button"
                aria-pressed={slot.start === start}
                data-start={slot.start}
                disabled={slot.remaining === 0 || slot.start === current}
                onClick={() => onStart(slot.start)}
              >
                <span className="slot-button__time">{slot.time}</span>
                <span className="slot-button__left">
                  {slot.remaining === 0 ? t('testDrives.book.full') : t('testDrives.book.left', { count: slot.remaining })}
                </span>
              </button>
            ))}
          </div>
        )}
      </fieldset>
    </div>
  );
}
