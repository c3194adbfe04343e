package planner

// SetWidening sets the simulation's widening parameters for a test and
// returns a function that restores them.
func SetWidening(kappa, shape float64) (restore func()) {
	a, b := simMaxConcentration, simVolumeShape
	simMaxConcentration, simVolumeShape = kappa, shape
	return func() { simMaxConcentration, simVolumeShape = a, b }
}
