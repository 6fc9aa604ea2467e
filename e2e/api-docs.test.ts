import { describe, expect, it } from 'vitest';
import { useStorefront } from './helpers/phone.js';

describe('API documentation', () => {
  const { openPhone } = useStorefront();

  it('renders Swagger UI at /api/docs under its Content-Security-Policy', async () => {
    const page = await openPhone();
    const response = await page.goto('/api/docs');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: /Vitrine API/ }).waitFor();
    await page.getByText('/api/v1/stores/{store}/configurations', { exact: true }).first().waitFor();
  });
});
