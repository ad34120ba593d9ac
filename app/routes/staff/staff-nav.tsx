/** The staff console's section links; admin-only sections are shown to admins only. */
export function StaffNav({ isAdmin, current }: { isAdmin: boolean; current: string }) {
  const links: [string, string, boolean][] = [
    ["/staff", "Home", true],
    ["/staff/tickets", "Tickets", true],
    ["/staff/reports", "Reports", true],
    ["/staff/applications", "Applications", true],
    ["/staff/creators", "Creator badges", true],
    ["/staff/users", "Users", isAdmin],
    ["/staff/content", "Content", isAdmin],
    ["/staff/audit", "Audit log", true],
  ];
  return (
    <nav aria-label="Staff console" className="mb-4 border-b border-stone-200 pb-2">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {links
          .filter(([, , shown]) => shown)
          .map(([href, label]) => (
            <li key={href}>
              <a
                href={href}
                aria-current={current === href ? "page" : undefined}
                className={current === href ? "font-semibold text-stone-900" : "text-brand-700 underline"}
              >
                {label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
