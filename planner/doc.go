// Package planner turns a sales history and a set of targets into checked,
// phased plans, following the method of METHOD.md: ratios from the history
// (§3), the reverse sales funnel (§4), monthly phasing and the cycle shift
// (§5), achievability and its verdict (§6), the SMART check (§7) and the
// progress of monthly reruns (§8).
//
// The history window is (AsOf − N months, AsOf], months counted on the
// calendar with the day clamped to the month's end. Medians and the 80th
// percentile interpolate between ranks (Excel's PERCENTILE.INC). A group
// with fewer than MinClosed closed deals takes its win rate, deal size and
// cycle from its parent (segment or offer, team, company) but keeps its own
// opportunity flow and open pipeline.
//
// The verdict comes from the simulated probability (Simulate) against the
// thresholds of Options, lowered by the checks (rate realism, growth with no
// lever). Levers are found by a bracketing search on the simulated
// probability up to the achievable threshold (Lever.Method "simulation"),
// or in closed form from the funnel when no probability could be simulated
// ("funnel").
//
// The planner is pure computation. It never reads files, never looks at the
// clock (the as-of date is an input) and never uses a random source it was
// not given (the Monte Carlo simulation is seeded from Options.Seed and the
// target's identity). It imports only the standard library and gonum. Its
// output does not depend on the order of the input rows.
package planner
