// Events with phases, one pull-list section each and their lines, generated
// inside the database with INSERT … SELECT over generate_series. Deterministic
// when the session's random seed is set first (SELECT setseed(…)). Used by the
// planning benchmark and by the mixed-workload data set.
//
// Expects a table bench_product (n int PRIMARY KEY, id uuid) numbering the
// products that events book, n = 1 the most popular; and, when companies are
// given, bench_company (n int PRIMARY KEY, id uuid).
import type pg from "pg";

export interface EventsPlan {
  events: number;
  /** Events start uniformly over [base, base + spanDays); each is out 2–6 days. */
  base: Date;
  spanDays: number;
  linesPerEvent: number;
  /** Rows in bench_product. */
  products: number;
  /** The event column that names the customer, and how many rows bench_company has. */
  companies?: { column: string; count: number };
}

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

const occasions = ["Summer gala", "Product launch", "Annual conference", "Award night", "Festival main stage", "Trade fair booth", "Wedding", "Christmas party", "Roadshow", "Sales kick-off", "Concert", "Fashion show"];

export async function insertEvents(q: Query, plan: EventsPlan): Promise<void> {
  const company = plan.companies;
  await q(
    `INSERT INTO event (number, name, status, out_period, charge_period${company ? `, ${company.column}` : ""})
     SELECT 'B-' || g, ($4::text[])[1 + g % cardinality($4::text[])] || ' ' || g,
            CASE WHEN r < 0.15 THEN 'ENQUIRY' WHEN r < 0.35 THEN 'PROVISIONAL' WHEN r < 0.80 THEN 'CONFIRMED' WHEN r < 0.95 THEN 'CLOSED' ELSE 'CANCELLED' END,
            tstzrange(s, s + len, '[)'), tstzrange(s + interval '1 day', s + len - interval '12 hours', '[)')${company ? ", c.id" : ""}
     FROM (SELECT g, to_timestamp($1::float8 / 1000) + random() * $2::float8 * interval '1 day' AS s,
                  (2 + random() * 4) * interval '1 day' AS len, random() AS r, 1 + floor(random() * $5::int)::int AS cn
           FROM generate_series(1, $3::int) g) x
     ${company ? "JOIN bench_company c ON c.n = x.cn" : ""}`,
    [plan.base.getTime(), plan.spanDays, plan.events, occasions, company?.count ?? 1],
  );
  await q(
    `INSERT INTO event_phase (event_id, position, kind, period)
     SELECT id, 0, 'PREP', tstzrange(lower(out_period), lower(charge_period), '[)') FROM event
     UNION ALL SELECT id, 1, 'SHOW', charge_period FROM event
     UNION ALL SELECT id, 2, 'LOAD_IN', tstzrange(upper(charge_period), upper(out_period), '[)') FROM event`,
  );
  await q("INSERT INTO pull_list_section (event_id, name, position) SELECT id, 'Equipment', 0 FROM event");
  // Popular products are booked more often (n skewed towards 1); 5 % of lines are sub-hired.
  await q(
    `INSERT INTO pull_list_line (event_id, section_id, kind, product_id, quantity, source, supplier, position)
     SELECT x.event_id, x.section_id, 'PRODUCT', b.id, x.quantity,
            CASE WHEN x.r < 0.05 THEN 'SUPPLIER' ELSE 'OWN_STOCK' END, CASE WHEN x.r < 0.05 THEN 'Bench hire' ELSE '' END, x.k
     FROM (SELECT s.event_id, s.id AS section_id, k, 1 + floor($1::int * power(random(), 1.6))::int AS pn,
                  1 + floor(random() * 6)::int AS quantity, random() AS r
           FROM pull_list_section s CROSS JOIN generate_series(1, $2::int) k OFFSET 0) x
     JOIN bench_product b ON b.n = least(x.pn, $1::int)`,
    [plan.products, plan.linesPerEvent],
  );
}

/** `count` open repairs of the first assets by tag, each taking its asset out of service for 3 days within the span. */
export async function insertRepairs(q: Query, base: Date, spanDays: number, count: number): Promise<void> {
  await q(
    `INSERT INTO maintenance_record (asset_id, kind, state, title, out_of_service)
     SELECT a.id, 'REPAIR', 'OPEN', 'bench repair', tstzrange(s, s + interval '3 days', '[)')
     FROM (SELECT id, to_timestamp($1::float8 / 1000) + random() * $2::float8 * interval '1 day' AS s FROM asset ORDER BY tag LIMIT $3::int) a`,
    [base.getTime(), spanDays, count],
  );
}
