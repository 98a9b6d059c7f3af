import { useEffect, useState } from 'react';
import { api, type Shelter } from './api';

const names = new Map<string, string>();

/** A shelter's name by id, fetched once per page (`GET /shelters/:id`), or null while unknown. */
export function useShelterName(id: string | null | undefined): string | null {
  const [name, setName] = useState<string | null>(id ? (names.get(id) ?? null) : null);
  useEffect(() => {
    if (!id) return;
    const known = names.get(id);
    if (known) {
      setName(known);
      return;
    }
    let live = true;
    void api<Shelter>('GET', `/shelters/${id}`).then((result) => {
      if (!result.ok) return;
      names.set(id, result.value.name);
      if (live) setName(result.value.name);
    });
    return () => {
      live = false;
    };
  }, [id]);
  return name;
}
