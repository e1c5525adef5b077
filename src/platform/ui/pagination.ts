/** Parameters for govukPagination, keeping the other query values in each link. */
export function paginationFor(basePath: string, query: Record<string, string | undefined>, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    params.set('page', String(p));
    return `${basePath}?${params.toString()}`;
  };
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 1) items.push({ number: p, href: href(p), current: p === page });
    else if (items[items.length - 1]?.ellipsis !== true) items.push({ ellipsis: true });
  }
  return {
    items: pages > 1 ? items : [],
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    from: total === 0 ? 0 : (page - 1) * pageSize + 1,
    to: Math.min(total, page * pageSize),
    total,
  };
}
