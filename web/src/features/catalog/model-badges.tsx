import { useT } from '../../i18n/i18n-context';
import type { Powertrain } from './catalog.api';

export function PowertrainBadges({ powertrain, nev }: { powertrain: Powertrain; nev: boolean }) {
  const t = useT();
  return (
    <ul className="badges">
      <li className="badge">{t(`powertrain.${powertrain}`)}</li>
      {nev && <li className="badge badge--nev">{t('model.nev')}</li>}
    </ul>
  );
}
