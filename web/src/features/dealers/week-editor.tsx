import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n-context';
import { WEEKDAYS, type Weekday } from './dealers.api';

/** A day of a dealer's week as a form edits it: times are kept while the day is marked closed. */
export type DayDraft = { closed: boolean; open: string; close: string };
export type WeekDraft = Record<Weekday, DayDraft>;

/** The hours a new day starts with, whether the dealer opens that day or not. */
export const DEFAULT_DAY: Omit<DayDraft, 'closed'> = { open: '09:00', close: '18:00' };

/** The week as `hoursOf` gives each day (null: closed), for a form to start from. */
export function weekDraftOf(hoursOf: (day: Weekday) => { open: string; close: string } | null): WeekDraft {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, dayDraftOf(hoursOf(day))])) as WeekDraft;
}

function dayDraftOf(hours: { open: string; close: string } | null): DayDraft {
  return hours ? { closed: false, ...hours } : { closed: true, ...DEFAULT_DAY };
}

/** The week as the API takes it: each day's hours, or null when closed. */
export function openingHoursOf(week: WeekDraft): Record<Weekday, { open: string; close: string } | null> {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, week[day].closed ? null : { open: week[day].open, close: week[day].close }])) as Record<
    Weekday,
    { open: string; close: string } | null
  >;
}

interface WeekEditorProps {
  legend: string;
  week: WeekDraft;
  onDayChange(day: Weekday, change: Partial<DayDraft>): void;
  /** The words of the closed box and of the two times, which each console says its own way. */
  words: { closed: string; open: string; close: string };
  /** The day's times, when the server or the form refused them: marked invalid, described by `describedBy`. */
  invalid?(day: Weekday): { describedBy?: string } | false;
  /** What is said under the day when it is refused. */
  errorOf?(day: Weekday): ReactNode;
}

/** A dealer's weekly hours: a row per day, closed or open from one time to another. */
export function WeekEditor({ legend, week, onDayChange, words, invalid = () => false, errorOf = () => null }: WeekEditorProps) {
  const t = useT();
  return (
    <fieldset className="profile-week">
      <legend className="field__label">{legend}</legend>
      {WEEKDAYS.map((day) => {
        const hours = week[day];
        const refused = invalid(day);
        const dayName = t(`dealers.day.${day}`);
        const timeProps = refused ? { 'aria-invalid': true, ...(refused.describedBy ? { 'aria-describedby': refused.describedBy } : {}) } : {};
        return (
          <div key={day} className="profile-day" data-invalid={refused ? true : undefined} data-testid={`dealer-day-${day}`}>
            <span className="profile-day__name">{dayName}</span>
            <label className="profile-check">
              <input type="checkbox" checked={hours.closed} onChange={(event) => onDayChange(day, { closed: event.target.checked })} />
              {words.closed}
            </label>
            {!hours.closed && (
              <span className="profile-day__times">
                <input
                  type="time"
                  className="profile-day__time"
                  aria-label={`${dayName} · ${words.open}`}
                  value={hours.open}
                  onChange={(event) => onDayChange(day, { open: event.target.value })}
                  {...timeProps}
                />
                –
                <input
                  type="time"
                  className="profile-day__time"
                  aria-label={`${dayName} · ${words.close}`}
                  value={hours.close}
                  onChange={(event) => onDayChange(day, { close: event.target.value })}
                  {...timeProps}
                />
              </span>
            )}
            {errorOf(day)}
          </div>
        );
      })}
    </fieldset>
  );
}
