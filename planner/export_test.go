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

// CohortConversion is the life table's conversion (lifeTable.conversion)
// of the deals created from first to last, followed to asOf: closings on
// record are events, the rest are open at asOf; deals enter the table at
// the history's first recorded closing (left truncation).
func CohortConversion(deals []Deal, first, last, asOf Date) (float64, bool) {
	var spans []lifeSpan
	observed := Date(0)
	for _, d := range deals {
		closed := (d.Status == Won || d.Status == Lost) && !d.Closed.IsZero() && d.Closed <= asOf
		if closed && (observed == 0 || d.Closed < observed) {
			observed = d.Closed
		}
		if d.Created.IsZero() || d.Created < first || d.Created > last {
			continue
		}
		switch {
		case closed && d.Closed >= d.Created:
			spans = append(spans, lifeSpan{created: int(d.Created), end: int(d.Closed), closed: true, won: d.Status == Won})
		case !closed:
			spans = append(spans, lifeSpan{created: int(d.Created), end: int(asOf)})
		}
	}
	tab := newLifeTable(spans, int(observed), int(asOf)+1)
	if tab == nil {
		return 0, false
	}
	return tab.conversion(), true
}
