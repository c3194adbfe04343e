package report

import (
	"fmt"
	"github.com/smartplan/smartplan/planner/locale"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// trackText is what a track record says, in the PDF and the workbook
// alike: how it was made, and its scores against the naive normal
// forecaster (with why it is too short to tell, when it is).
func trackText(lang string, rec *planner.TrackRecord) (intro, scores string) {
	r := rec.Result
	intro = fmt.Sprintf(tr(lang,
		"Each quarter from %s to %s was planned as of the day before it, from what the history showed then, with revenue targets at 0.5 to 1.5 times each team's trailing average quarter: %d cases, %s simulated runs each. Each probability was then scored against what the team really won.",
		"Chaque trimestre de %s à %s a été planifié la veille de son début, avec ce que l’historique montrait alors, pour des objectifs de CA de 0,5 à 1,5 fois le trimestre moyen récent de chaque équipe : %d cas, %s simulations chacun. Chaque probabilité a ensuite été confrontée à ce que l’équipe a réellement gagné."),
		quarterName(lang, rec.From), quarterName(lang, rec.To), r.Cases, pdfNum(lang, float64(rec.Runs), 0))
	verdict := tr(lang, "better than ", "est meilleur qu’")
	switch {
	case rec.Skill <= 0 && rec.LogSkill <= 0:
		verdict = tr(lang, "no better than ", "n’est pas meilleur qu’")
	case rec.Skill <= 0 || rec.LogSkill <= 0:
		verdict = tr(lang, "only partly better than ", "n’est qu’en partie meilleur qu’")
	}
	scores = fmt.Sprintf(tr(lang,
		"Brier score %s (naive normal forecaster %s), log loss %s (%s): lower is better. smartplan is %sa forecaster that knows only each team's monthly revenue: skill %s on the Brier score, %s on the log loss.",
		"Score de Brier %s (prévision naïve normale %s), perte logarithmique %s (%s) : plus bas vaut mieux. smartplan %sune prévision qui ne connaît que le CA mensuel de chaque équipe : gain de %s sur le score de Brier, %s sur la perte logarithmique."),
		pdfNum(lang, r.Brier, 3), pdfNum(lang, rec.Naive.Brier, 3), pdfNum(lang, r.LogLoss, 3), pdfNum(lang, rec.Naive.LogLoss, 3),
		verdict, signedPct(lang, rec.Skill), signedPct(lang, rec.LogSkill))
	if !rec.Enough {
		scores += " " + rec.Why
	}
	return intro, scores
}

// quarterName names the quarter that holds t: "Q2 2017", "T2 2017".
func quarterName(lang string, t time.Time) string {
	return locale.Quarter(lang, t.Year(), (int(t.Month())-1)/3+1)
}

// signedPct is a share with its sign: "+12.3%", "−2.0%".
func signedPct(lang string, v float64) string {
	switch {
	case v > 0:
		return "+" + pdfPct(lang, v, 1)
	case v < 0:
		return "−" + pdfPct(lang, -v, 1)
	}
	return pdfPct(lang, 0, 1)
}
