//go:build race

package planner

// raceEnabled: the race detector slows the simulation tens of times, so
// the tests that compare simulations run fewer runs under it.
const raceEnabled = true
