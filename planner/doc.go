// Package planner turns a sales history and a set of targets into checked,
// phased plans, following the method of METHOD.md: ratios from the history
// (§3), the reverse sales funnel (§4), monthly phasing and the cycle shift
// (§5), achievability and its verdict (§6) and the SMART check (§7).
//
// The planner is pure computation. It never reads files, never looks at the
// clock (the as-of date is an input) and never uses a random source it was
// not given (the Monte Carlo simulation is seeded from Options.Seed). It
// imports only the standard library and gonum.
package planner
