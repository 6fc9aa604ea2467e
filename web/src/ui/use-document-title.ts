import { useEffect } from 'react';

/** "Sign in · Vitrine": the page's name first, as browser tabs and history show it. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Vitrine`;
  }, [title]);
}
