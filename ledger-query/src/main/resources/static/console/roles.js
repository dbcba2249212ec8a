// The pages added for browsing, to-do lists and operations, by role (the services enforce the same).
export function extraPagesFor(who) {
  const pages = new Set();
  const has = r => who.roles.includes(r);
  if (has('reviewer')) ['interviews', 'cardTotals', 'completion', 'tallies'].forEach(p => pages.add(p));
  if (has('assessor')) ['completion', 'tallies'].forEach(p => pages.add(p));
  if (has('admin')) pages.add('admin');
  return ['interviews', 'cardTotals', 'completion', 'tallies', 'admin'].filter(p => pages.has(p));
}

/** Whether the caller has a to-do list on the start page, and from which services. */
export function todoServices(who) {
  const services = [];
  if (!who) return services;
  if (who.roles.includes('discipline-officer') || who.roles.includes('admin')) services.push('query');
  if (who.roles.includes('assessor') || who.roles.includes('admin')) services.push('ranking');
  return services;
}
