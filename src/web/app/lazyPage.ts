// A route's page, loaded on first visit together with the translation namespaces it uses, so it never
// shows raw keys. tests/i18n/namespaces.test.ts checks each list against the keys the page's code uses.
import { lazy, type ComponentType } from 'react';
import type { Namespace } from '../../i18n/namespaces.ts';
import { loadNamespaces } from './i18n.ts';

export function lazyPage<T extends ComponentType<any>>(load: () => Promise<{ default: T }>, ns: readonly Namespace[]) {
  return lazy(async () => (await Promise.all([load(), loadNamespaces(ns)]))[0]);
}
