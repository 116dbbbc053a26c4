/**
 * Light and dark: the page follows the system (prefers-color-scheme) unless the person picks one; the
 * choice is kept in local storage and applied as `data-theme` on <html>, which the CSS variables key off.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE = 'sdg.theme';

export function storedTheme(): ThemeChoice {
  const value = localStorage.getItem(STORAGE);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(STORAGE);
  else localStorage.setItem(STORAGE, choice);
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
