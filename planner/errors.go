package planner

import "errors"

// Sentinel errors of the planner.
var (
	// ErrBadFunnel reports inputs the reverse funnel cannot work from.
	ErrBadFunnel = errors.New("bad funnel input")
	// ErrBadPhase reports a period that cannot be phased.
	ErrBadPhase = errors.New("bad phasing input")
)
