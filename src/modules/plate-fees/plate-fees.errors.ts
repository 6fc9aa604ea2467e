import { DomainError } from '../../shared/errors.js';

export const plateFeeErrors = {
  unknownCity: (city: string) =>
    new DomainError(
      'unprocessable',
      'PLATE_FEE_UNKNOWN_CITY',
      `This store neither serves nor sets a plate fee for a city called "${city}"; see GET /api/v1/stores/{store}/plate-fees for the cities it knows.`,
      { city },
    ),
};
