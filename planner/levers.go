package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Lever names, as in Lever.Name and Lever.Components.
const (
	LeverOpportunities = "opportunities"
	LeverWinRate       = "win_rate"
	LeverDealSize      = "deal_size"
	LeverDeclared      = "declared"
)

// levers returns what each lever alone would need for the target's funnel
// to meet the target with the other two at their historical values
// (METHOD §6), in closed form from the reverse funnel: the required
// opportunity flow, or the win rate or the deal size scaled by the
// capacity ratio.
func levers(r *TargetResult, t Target, own *groupStats, wr, avg float64) []Lever {
	if !r.HasCapacity || r.CapacityRatio <= 0 {
		return nil
	}
	c := r.CapacityRatio
	var out []Lever
	switch t.Metric {
	case Revenue, NewCustomers, Opportunities:
		out = append(out, Lever{Name: LeverOpportunities, Current: own.OpportunitiesPerMonth,
			Required: r.Required.OpportunitiesPerMonth, Feasible: true, Uplift: c - 1, Method: "funnel"})
	}
	switch t.Metric {
	case Revenue, NewCustomers:
		out = append(out, Lever{Name: LeverWinRate, Current: wr, Required: wr * c, Feasible: wr*c <= 1,
			Uplift: c - 1, Method: "funnel"})
	}
	if t.Metric == Revenue {
		out = append(out, Lever{Name: LeverDealSize, Current: avg, Required: avg * c, Feasible: true,
			Uplift: c - 1, Method: "funnel"})
	}
	return out
}

// leverWords map the words of a declared lever to what it moves. The
// template's drop-down offers new_logos, upsell, pricing, new_offer,
// partners and productivity (and their French equivalents).
var leverWords = map[string]string{
	"new_logos": LeverOpportunities, "new logos": LeverOpportunities, "partners": LeverOpportunities,
	"partner": LeverOpportunities, "productivity": LeverOpportunities, "prospecting": LeverOpportunities,
	"volume": LeverOpportunities, "opportunities": LeverOpportunities, "new_offer": LeverOpportunities,
	"new offer": LeverOpportunities, "marketing": LeverOpportunities, "hiring": LeverOpportunities,
	"nouveaux_clients": LeverOpportunities, "nouveaux clients": LeverOpportunities, "nouveaux_logos": LeverOpportunities,
	"partenaires": LeverOpportunities, "partenariats": LeverOpportunities, "productivité": LeverOpportunities,
	"prospection": LeverOpportunities, "nouvelle_offre": LeverOpportunities, "nouvelle offre": LeverOpportunities,
	"recrutement": LeverOpportunities, "opportunités": LeverOpportunities,
	"pricing": LeverDealSize, "price": LeverDealSize, "prix": LeverDealSize, "tarif": LeverDealSize,
	"tarifs": LeverDealSize, "upsell": LeverDealSize, "up-sell": LeverDealSize, "cross-sell": LeverDealSize,
	"deal_size": LeverDealSize, "deal size": LeverDealSize, "panier": LeverDealSize, "panier moyen": LeverDealSize,
	"montée en gamme": LeverDealSize, "vente additionnelle": LeverDealSize, "vente_additionnelle": LeverDealSize,
	"win_rate": LeverWinRate, "win rate": LeverWinRate, "conversion": LeverWinRate, "closing": LeverWinRate,
	"training": LeverWinRate, "formation": LeverWinRate, "qualification": LeverWinRate,
	"transformation": LeverWinRate, "taux de transformation": LeverWinRate,
}

// leverParts splits a declared lever ("pricing, new_logos") into what it
// moves, sorted; unknown words are returned apart.
func leverParts(s string) (parts, unknown []string) {
	f := func(r rune) bool { return r == ',' || r == ';' || r == '+' || r == '/' || r == '&' }
	s = strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(s), " and ", ","), " et ", ",")
	for _, w := range strings.FieldsFunc(s, f) {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		if p, ok := leverWords[w]; ok {
			if !slices.Contains(parts, p) {
				parts = append(parts, p)
			}
		} else {
			unknown = append(unknown, w)
		}
	}
	slices.Sort(parts)
	return parts, unknown
}

// declaredLever is the combined effect of the levers the target declares:
// the uplift each must bring, all moving together, for the funnel to meet
// the target ((1+u)^k = capacity ratio for k levers).
func declaredLever(r *TargetResult, t Target, f fm) (Lever, bool) {
	if strings.TrimSpace(t.Lever) == "" || !r.HasCapacity || r.CapacityRatio <= 0 {
		return Lever{}, false
	}
	parts, _ := leverParts(t.Lever)
	var use []string
	for _, p := range parts {
		switch {
		case p == LeverDealSize && t.Metric != Revenue:
		case p == LeverWinRate && t.Metric != Revenue && t.Metric != NewCustomers:
		default:
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		r.Reasons = append(r.Reasons, reason(f.lang, CodeLeverUnknown, leverQuoted(f.lang, t.Lever)))
		return Lever{}, false
	}
	u := math.Pow(r.CapacityRatio, 1/float64(len(use))) - 1
	lv := Lever{Name: LeverDeclared, Current: 1, Required: 1 + u, Uplift: u, Components: use,
		Feasible: true, Method: "funnel"}
	if slices.Contains(use, LeverWinRate) && r.History.WinRate*(1+u) > 1 {
		lv.Feasible = false
	}
	r.Reasons = append(r.Reasons, reason(f.lang, CodeLeverEffect, leverQuoted(f.lang, t.Lever), f.pct(u), leverTargets(f.lang, use),
		pick(f.lang, [2]string{"for the funnel to meet the target", "pour que l’entonnoir atteigne l’objectif"})))
	return lv, true
}

// Lever search by simulation: each probe is a simulation of leverRuns(opt)
// runs with the target's own seed (common random numbers, so that the
// probability moves with the lever and not with the noise), and the search
// stops when the lever is known to within leverTol.
//
// Trade-offs, measured on BenchmarkBuild (500 targets, 985 searches): the
// former search (doubling up from the closed-form guess, then 5 bisection
// steps) took 5.5 probes a search, often at twice the guess (the costliest
// simulations), and ended within 1.3 % to 10 % of the crossing, depending
// on the bracket; the search below aims each probe at the crossing
// extrapolated from the probabilities already seen and takes 4.2 probes
// for 1 %. Probing with fewer runs and confirming at full size was
// rejected: one 10,000-run confirmation costs as much as 20 probes of 500
// runs, more than the whole search. The lever is found on the 500-run
// estimate of the probability (its standard error is about 2 points at
// 70 %); common random numbers make that estimate a nearly monotone step
// function of the lever, so that the 1 % is a precision on the lever, not
// on the probability.
const (
	leverTol       = 0.01 // relative width of the final bracket
	leverMaxProbes = 30   // after the upward probes: three per halving from a 20× bracket
	leverMaxScale  = 20   // at most 20 times the historical volume or deal size
	leverMaxRate   = 0.99 // a win rate of 100 % is not a plan
	// leverAim is how far past an extrapolated crossing the upward probes
	// aim, as a share of the last step: enough to be likely to reach it.
	leverAim = 0.15
)

func leverRuns(opt Options) int { return min(opt.Runs, 500) }

// leverProbit is the normal quantile of p, kept finite: the probability
// grows about as a normal distribution function of the log of a lever, so
// that the crossing is interpolated on this scale.
func leverProbit(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*min(max(p, 0.001), 0.999)-1)
}

// bisect returns the smallest x in [lo, hi] with prob(x) ≥ thr, to within
// leverTol, assuming prob grows with x and prob(lo) < thr (plo is an
// estimate of prob(lo), used only to aim the probes); ok is false when even
// hi falls short. With logScale the probes are aimed on a log scale (for
// multipliers).
//
// It keeps a bracket lo < x ≤ hi, with prob(lo) < thr ≤ prob(hi) known
// (or assumed at lo), and aims each probe at the crossing interpolated
// from the probabilities at both ends on a probit scale, nudged past it so
// that a probe landing on the other side closes the bracket. When two
// probes in a row fail to halve the bracket, the next one steps four
// tolerances from the end that last moved (or to the midpoint when
// nearer), and when it still fails, to the midpoint: at worst, three
// probes halve the bracket.
func bisect(lo, hi, guess, plo, thr float64, logScale bool, prob func(float64) (float64, error)) (x float64, ok bool, err error) {
	tr, inv := func(v float64) float64 { return v }, func(v float64) float64 { return v }
	if logScale {
		tr, inv = math.Log, math.Exp
	}
	// Probe upwards from the closed-form guess: high multipliers are the
	// costly simulations (many more opportunities per run), so they are
	// only tried when needed. Each step aims a little past the crossing
	// extrapolated from the last two probabilities (starting from plo at
	// lo), and at most doubles.
	phi := math.NaN()
	if guess > lo && guess < hi {
		prev, pprev := lo, plo
		for probe := guess; ; {
			p, err := prob(probe)
			if err != nil {
				return hi, false, err
			}
			if p >= thr {
				hi, phi = probe, p
				break
			}
			if probe == hi {
				return hi, false, nil
			}
			prev, pprev, lo, plo = lo, plo, probe, p
			next := probe * 2
			if a, b, za, zb := tr(prev), tr(lo), leverProbit(pprev), leverProbit(plo); zb > za && b > a {
				est := b + (b-a)*(leverProbit(thr)-zb)/(zb-za)
				next = min(next, max(inv(est+leverAim*(b-a)), lo*(1+2*leverTol)))
			}
			probe = min(hi, next)
		}
	} else {
		p, err := prob(hi)
		if err != nil || p < thr {
			return hi, false, err
		}
		phi = p
	}
	plo = min(plo, thr) // an estimate: it must not be above the threshold
	lastShort := true   // whether the last probe fell short
	slow := 0           // probes in a row that did not halve the bracket
	for range leverMaxProbes {
		a, b := tr(lo), tr(hi)
		w := b - a
		if hi-lo <= leverTol*hi || w <= 0 {
			break
		}
		span := 0.9 * leverTol * hi // in the probe's scale
		if logScale {
			span = 0.9 * leverTol
		}
		// When slow, a step from the end the last probe moved: four
		// tolerances (or to the midpoint if nearer), then, if still slow,
		// the midpoint.
		t := (a + b) / 2
		switch {
		case slow == 2 && lastShort:
			t = min(t, a+4*span)
		case slow == 2:
			t = max(t, b-4*span)
		}
		if zlo, zhi, z := leverProbit(plo), leverProbit(phi), leverProbit(thr); slow < 2 && zhi > zlo {
			t = a + w*(z-zlo)/(zhi-zlo)
			// Past the estimate, towards the side the last probe did not
			// reach (0.4 of the tolerance, in the probe's scale), and at
			// least 0.9 of the tolerance away from the end the last probe
			// moved: then a probe that lands on the other side closes the
			// bracket, even where the probability is flat.
			if lastShort {
				t = max(t+0.4/0.9*span, a+span)
			} else {
				t = min(t-0.4/0.9*span, b-span)
			}
			t = min(max(t, a+0.02*w), b-0.02*w)
		}
		mid := inv(t)
		if !(mid > lo && mid < hi) {
			mid = (lo + hi) / 2
		}
		p, err := prob(mid)
		if err != nil {
			return hi, false, err
		}
		if p >= thr {
			hi, phi = mid, p
			lastShort = false
		} else {
			lo, plo = mid, p
			lastShort = true
		}
		if tr(hi)-tr(lo) <= w/2 {
			slow = 0
		} else {
			slow++
		}
	}
	return hi, true, nil
}

// simLevers returns what each lever alone (opportunity volume, win rate,
// deal size), and the declared levers together, would need for the
// simulated probability to reach the achievable threshold, the other levers
// at their historical values.
// Each probe runs on at most workers goroutines.
func simLevers(r *TargetResult, t Target, in SimInput, seed int64, own *groupStats, wr, avg float64, f fm, opt Options, workers int) []Lever {
	runs := leverRuns(opt)
	p0 := 0.0 // the probability at the historical values, to aim the first probes
	if r.HasProbability {
		p0 = r.Probability
	}
	// The model is built once; each probe only rescales it.
	base, baseErr := newSimModel(in)
	probe := func(s SimInput) (float64, error) {
		if baseErr != nil {
			return 0, baseErr
		}
		m, err := base.withLevers(s)
		if err != nil {
			return 0, err
		}
		return m.probability(s.Target, runs, seed, workers), nil
	}
	thr := opt.AchievableAt
	var out []Lever
	add := func(name string, cur float64, ok bool, err error, required float64) {
		if err != nil {
			return
		}
		out = append(out, Lever{Name: name, Current: cur, Required: required, Feasible: ok,
			Uplift: safeRatio(required, cur) - 1, Method: "simulation"})
	}
	guess := 1.0 // the closed-form multiplier from the funnel
	if r.HasCapacity && r.CapacityRatio > 1 {
		guess = r.CapacityRatio
	}
	byScale := func(set func(s *SimInput, x float64)) (float64, bool, error) {
		return bisect(1, leverMaxScale, guess, p0, thr, true, func(x float64) (float64, error) {
			s := in
			set(&s, x)
			return probe(s)
		})
	}
	switch t.Metric {
	case Revenue, NewCustomers, Opportunities, Meetings:
		if r.CreationMonths == 0 {
			break // no new opportunity can count any more: no volume can help
		}
		x, ok, err := byScale(func(s *SimInput, x float64) { s.OpportunityScale = x })
		add(LeverOpportunities, own.OpportunitiesPerMonth, ok, err, own.OpportunitiesPerMonth*x)
	}
	if (t.Metric == Revenue || t.Metric == NewCustomers) && wr < leverMaxRate {
		x, ok, err := bisect(wr, leverMaxRate, min(leverMaxRate, wr*guess), p0, thr, false, func(x float64) (float64, error) {
			s := in
			s.WinRateOverride = x
			return probe(s)
		})
		add(LeverWinRate, wr, ok, err, x)
	}
	if t.Metric == Revenue {
		x, ok, err := byScale(func(s *SimInput, x float64) { s.DealSizeScale = x })
		add(LeverDealSize, avg, ok, err, avg*x)
	}
	// The declared levers, moved together by the same factor.
	if strings.TrimSpace(t.Lever) == "" {
		return out
	}
	parts, _ := leverParts(t.Lever)
	var use []string
	for _, p := range parts {
		switch {
		case p == LeverDealSize && t.Metric != Revenue:
		case p == LeverWinRate && t.Metric != Revenue && t.Metric != NewCustomers:
		case p == LeverOpportunities && r.CreationMonths == 0:
		default:
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		if len(parts) == 0 {
			r.Reasons = append(r.Reasons, reason(f.lang, CodeLeverUnknown, leverQuoted(f.lang, t.Lever)))
		}
		return out
	}
	if len(use) == 1 {
		// One declared lever: its effect is that lever's alone.
		for _, l := range out {
			if l.Name == use[0] {
				x := l.Required / l.Current
				out = append(out, Lever{Name: LeverDeclared, Current: 1, Required: x, Uplift: x - 1, Components: use,
					Feasible: l.Feasible, Method: "simulation"})
				if l.Feasible {
					r.Reasons = append(r.Reasons, reason(f.lang, CodeLeverEffect, leverQuoted(f.lang, t.Lever), f.pct(x-1), leverTargets(f.lang, use),
						fmt.Sprintf(pick(f.lang, [2]string{"to reach a %s probability", "pour atteindre une probabilité de %s"}), f.pct(thr))))
				}
				return out
			}
		}
	}
	x, ok, err := byScale(func(s *SimInput, x float64) {
		for _, p := range use {
			switch p {
			case LeverOpportunities:
				s.OpportunityScale = x
			case LeverDealSize:
				s.DealSizeScale = x
			case LeverWinRate:
				s.WinRateOverride = min(leverMaxRate, wr*x)
			}
		}
	})
	if err != nil {
		return out
	}
	out = append(out, Lever{Name: LeverDeclared, Current: 1, Required: x, Uplift: x - 1, Components: use,
		Feasible: ok, Method: "simulation"})
	if ok {
		r.Reasons = append(r.Reasons, reason(f.lang, CodeLeverEffect, leverQuoted(f.lang, t.Lever), f.pct(x-1), leverTargets(f.lang, use),
			fmt.Sprintf(pick(f.lang, [2]string{"to reach a %s probability", "pour atteindre une probabilité de %s"}), f.pct(thr))))
	}
	return out
}

func safeRatio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// TemplateLevers are the lever codes the targets template's drop-down
// offers, in its order; LeverLabel gives their words.
var TemplateLevers = []string{"new_logos", "upsell", "pricing", "new_offer", "partners", "productivity"}

// LeverLabel returns the words of a template lever code, or of what a
// lever moves (LeverOpportunities, …), in the language; false for any
// other text.
func LeverLabel(lang, code string) (string, bool) {
	l, ok := leverLabels[code]
	return pick(lang, l), ok
}

// leverLabels are the words, English then French, of the levers the
// template's drop-down offers and of what a lever moves: a sentence names
// a lever in the reader's language, never by its code.
var leverLabels = map[string][2]string{
	"new_logos":        {"new logos", "nouveaux clients"},
	"upsell":           {"upsell", "vente additionnelle"},
	"pricing":          {"pricing", "prix"},
	"new_offer":        {"new offer", "nouvelle offre"},
	"partners":         {"partners", "partenaires"},
	"productivity":     {"productivity", "productivité"},
	LeverOpportunities: {"opportunity volume", "volume d’opportunités"},
	LeverDealSize:      {"average deal", "montant moyen"},
	LeverWinRate:       {"win rate", "taux de transformation"},
}

// leverQuoted names a declared lever in quotes of the language (“…”, « … »):
// the template's codes in words, anything else as the user wrote it.
func leverQuoted(lang, lever string) string {
	s := strings.TrimSpace(lever)
	if l, ok := leverLabels[strings.ToLower(s)]; ok {
		s = pick(lang, l)
	}
	return pick(lang, [2]string{"“" + s + "”", "«\u00a0" + s + "\u00a0»"})
}

// leverTargets names what a declared lever moves: "opportunity volume", or
// "each of opportunity volume and average deal".
func leverTargets(lang string, use []string) string {
	words := make([]string, len(use))
	for i, u := range use {
		words[i] = pick(lang, leverLabels[u])
	}
	if len(words) == 1 {
		return pick(lang, [2]string{words[0], "le " + words[0]})
	}
	last := len(words) - 1
	return pick(lang, [2]string{"each of " + strings.Join(words[:last], ", ") + " and " + words[last],
		"chacun de ces leviers : le " + strings.Join(words[:last], ", le ") + " et le " + words[last]})
}
