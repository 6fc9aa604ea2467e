import { notFound } from '../../shared/errors.js';

export const analyticsErrors = {
  modelNotFound: (model: string) => notFound('ANALYTICS_MODEL_NOT_FOUND', `This store sells no model called "${model}".`, { model }),
  trimNotFound: (model: string, trim: string) => notFound('ANALYTICS_TRIM_NOT_FOUND', `The model "${model}" has no trim "${trim}".`, { model, trim }),
};
