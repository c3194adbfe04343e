package report

// track writes the Track record sheet: how the plan's probabilities fared
// on the history's own past quarters (planner.TrackRecord), the scores of
// the planner and of the naive normal forecaster, and the reliability
// table by decile.
func (x *xlWriter) track() error {
	sh := x.names[6]
	tr := x.p.TrackRecord
	if err := x.titleCell(sh, 1, x.t("Track record: how far to trust the percentages", "Bilan : quel crédit accorder aux pourcentages")); err != nil {
		return err
	}
	for col := 1; col <= 5; col++ {
		x.sheets[sh].fixed[col] = 16
	}
	x.sheets[sh].fixed[1] = 30
	switch {
	case tr == nil:
		return x.str(sh, 1, 3, x.t("Not computed for this plan (--track-record=false).", "Non calculé pour ce plan (--track-record=false)."), x.st.text)
	case tr.Result.Cases == 0 || tr.From.IsZero():
		return x.str(sh, 1, 3, tr.Why, x.st.text)
	}
	intro, scores := trackText(x.lang, tr)
	for i, s := range []string{intro, scores} {
		// a paragraph over the table's five columns, wrapped: a long line
		// would make the sheet print at a tiny scale
		// (its height is set here, from the merged width: the sheet's
		// own fitting would measure column A alone)
		row := 3 + i
		if err := x.str(sh, 1, row, s, x.st.text); err != nil {
			return err
		}
		if err := x.f.SetCellStyle(sh, xlRef(1, row), xlRef(1, row), x.st.wrap); err != nil {
			return err
		}
		if err := x.f.MergeCell(sh, xlRef(1, row), xlRef(5, row)); err != nil {
			return err
		}
		if err := x.f.SetRowHeight(sh, row, 15*float64(1+len([]rune(s))/90)); err != nil {
			return err
		}
	}
	r := tr.Result
	row := 6
	if err := x.header(sh, row, 1, []string{x.t("Forecaster", "Prévision"), x.t("Brier score", "Score de Brier"),
		x.t("Log loss", "Perte logarithmique")}); err != nil {
		return err
	}
	for i, f := range []struct {
		name           string
		brier, logLoss float64
		style          int
	}{
		{"smartplan", r.Brier, r.LogLoss, x.st.score},
		{x.t("Naive normal", "Naïve normale"), tr.Naive.Brier, tr.Naive.LogLoss, x.st.score},
		{x.t("Skill (1 − smartplan ÷ naive)", "Gain (1 − smartplan ÷ naïve)"), tr.Skill, tr.LogSkill, x.st.pct},
	} {
		for _, err := range []error{
			x.str(sh, 1, row+1+i, f.name, x.st.text),
			x.num(sh, 2, row+1+i, f.brier, f.style),
			x.num(sh, 3, row+1+i, f.logLoss, f.style),
		} {
			if err != nil {
				return err
			}
		}
	}
	row += 6
	if err := x.header(sh, row, 1, []string{x.t("Predicted from", "Annoncé à partir de"), x.t("Predicted to", "Annoncé jusqu’à"),
		x.t("Mean predicted", "Moyenne annoncée"), x.t("Came true", "Réalisé"), x.t("Cases", "Cas")}); err != nil {
		return err
	}
	for i, b := range r.Bins {
		rr := row + 1 + i
		for _, err := range []error{
			x.num(sh, 1, rr, b.From, x.st.pct0), x.num(sh, 2, rr, b.To, x.st.pct0),
			x.numIf(sh, 3, rr, b.Predicted, b.Count > 0, x.st.pct), x.numIf(sh, 4, rr, b.Observed, b.Count > 0, x.st.pct),
			x.num(sh, 5, rr, float64(b.Count), x.st.count),
		} {
			if err != nil {
				return err
			}
		}
	}
	return nil
}
