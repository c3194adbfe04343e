package planner

// SetWidening sets the simulation's widening parameters for a test and
// returns a function that restores them.
func SetWidening(kappa, shape float64) (restore func()) {
	a, b := simMaxConcentration, simVolumeShape
	simMaxConcentration, simVolumeShape = kappa, shape
	return func() { simMaxConcentration, simVolumeShape = a, b }
}

// SetRunRate sets the share of the runs drawn from the run rate and the
// weight of its prior for a test, and returns a function that restores
// them.
func SetRunRate(share, prior float64) (restore func()) {
	a, b := simRunRateShare, simRunRatePrior
	simRunRateShare, simRunRatePrior = share, prior
	return func() { simRunRateShare, simRunRatePrior = a, b }
}
