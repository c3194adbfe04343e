package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Company is the fictitious French B2B software publisher of the samples.
const Company = "Orvalis Logiciels SAS"

var (
	// firstDay and exportDay bound the history: 24 months of opportunities,
	// exported on the last day (nothing is dated after it).
	firstDay  = date(2024, 12, 1)
	exportDay = date(2026, 11, 30)
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// weighted is a name with a relative weight (or a multiplier).
type weighted struct {
	name string
	w    float64
}

// team is how one sales team behaves in the generated history.
type team struct {
	name          string
	perMonth      float64 // opportunities created per month, on average
	winRate       float64 // probability that an opportunity is won
	cycleMedian   float64 // days from creation to close, median
	amountMedian  float64 // EUR, median deal amount
	owners        []weighted
	segments      []weighted
	offers        []weighted
	oppRate       float64 // activity funnel: opportunities / meetings
	meetingRate   float64 // meetings / responses
	responseRate  float64 // responses / contacts
	ownerWinBoost []float64
}

var segments = []string{"Industrie", "Santé", "Collectivités", "Distribution"}

var offers = []string{"Suite ERP", "Module Paie", "Support Premium"}

// Per segment and per offer multipliers of the win rate, the cycle and the
// amount: public buyers are slow and price-sensitive, an ERP is big and
// long to sell, support renewals are small and quick.
var (
	segmentWin    = map[string]float64{"Industrie": 1.0, "Santé": 1.1, "Collectivités": 0.85, "Distribution": 1.0}
	segmentCycle  = map[string]float64{"Industrie": 1.0, "Santé": 1.05, "Collectivités": 1.25, "Distribution": 0.85}
	segmentAmount = map[string]float64{"Industrie": 1.1, "Santé": 1.0, "Collectivités": 0.9, "Distribution": 0.95}
	offerCycle    = map[string]float64{"Suite ERP": 1.2, "Module Paie": 0.9, "Support Premium": 0.7}
	offerAmount   = map[string]float64{"Suite ERP": 1.35, "Module Paie": 0.75, "Support Premium": 0.5}
)

var teams = []team{
	{
		name: "Grands Comptes", perMonth: 24, winRate: 0.22, cycleMedian: 90, amountMedian: 40000,
		owners: []weighted{{"Camille Martin", 1.2}, {"Julien Lefèvre", 1.0}, {"Sophie Dubois", 1.0},
			{"Thomas Moreau", 0.9}, {"Claire Fontaine", 0.8}},
		segments: []weighted{{"Industrie", 35}, {"Santé", 25}, {"Collectivités", 25}, {"Distribution", 15}},
		offers:   []weighted{{"Suite ERP", 55}, {"Module Paie", 25}, {"Support Premium", 20}},
		oppRate:  0.45, meetingRate: 0.55, responseRate: 0.085,
		ownerWinBoost: []float64{1.15, 1.0, 1.0, 0.95, 0.85},
	},
	{
		name: "PME & ETI", perMonth: 42, winRate: 0.32, cycleMedian: 45, amountMedian: 12000,
		owners: []weighted{{"Lucas Bernard", 1.1}, {"Emma Petit", 1.1}, {"Hugo Robert", 1.0},
			{"Léa Richard", 1.0}, {"Nathan Durand", 0.9}, {"Chloé Laurent", 0.8}},
		segments: []weighted{{"Industrie", 30}, {"Santé", 20}, {"Collectivités", 10}, {"Distribution", 40}},
		offers:   []weighted{{"Suite ERP", 30}, {"Module Paie", 45}, {"Support Premium", 25}},
		oppRate:  0.55, meetingRate: 0.62, responseRate: 0.11,
		ownerWinBoost: []float64{1.05, 1.1, 1.0, 0.95, 1.0, 0.9},
	},
	{
		name: "Réseau Partenaires", perMonth: 17, winRate: 0.27, cycleMedian: 60, amountMedian: 20000,
		owners: []weighted{{"Manon Girard", 1.1}, {"Antoine Roux", 1.0}, {"Inès Mercier", 1.0},
			{"Maxime Garnier", 0.8}},
		segments: []weighted{{"Industrie", 25}, {"Santé", 25}, {"Collectivités", 25}, {"Distribution", 25}},
		offers:   []weighted{{"Suite ERP", 40}, {"Module Paie", 30}, {"Support Premium", 30}},
		oppRate:  0.50, meetingRate: 0.58, responseRate: 0.10,
		ownerWinBoost: []float64{1.1, 1.0, 1.0, 0.85},
	},
}

// season is the relative volume of each calendar month (mean 1): a
// December peak (year-end budgets) and an August trough (holidays).
var season = [12]float64{1.05, 1.0, 1.1, 1.0, 0.95, 1.05, 0.85, 0.55, 1.1, 1.1, 1.05, 1.2}

// Deal is one generated opportunity, with its stage in English (the CRM's
// language) and in French.
type Deal struct {
	ID, Owner, Team, Segment, Offer, Account string
	Stage, StageFR                           string
	Status                                   string // won, lost, open
	Created, Closed                          time.Time
	Amount                                   float64
	HasAmount                                bool
}

// Activity is one team's prospecting volume in one month.
type Activity struct {
	Team                                         string
	Month                                        time.Time // first day
	Contacts, Responses, Meetings, Opportunities int
}

// Dataset is everything the samples are made from.
type Dataset struct {
	Deals    []Deal
	Activity []Activity
}

// open stages, by how far along their expected cycle a deal is.
var openStages = []struct{ en, fr string }{
	{"Prospecting", "Prospection"}, {"Qualification", "Qualification"},
	{"Proposal", "Proposition"}, {"Negotiation", "Négociation"},
}

// Generate builds the dataset from the seed: the same seed always gives
// the same deals and activity.
func Generate(seed uint64) *Dataset {
	r := rand.New(rand.NewPCG(seed, 0x5a11e5))
	accounts := accountPools(r)
	var deals []Deal
	months := monthsBetween(firstDay, exportDay)
	for mi, m := range months {
		trend := 0.94 + 0.12*float64(mi)/float64(len(months)-1) // about +12 % a year
		for ti := range teams {
			t := &teams[ti]
			n := poisson(r, t.perMonth*season[m.Month()-1]*trend)
			for range n {
				deals = append(deals, newDeal(r, t, m, accounts))
			}
		}
	}
	// IDs in creation order, as a CRM numbers its records.
	sort.SliceStable(deals, func(i, j int) bool { return deals[i].Created.Before(deals[j].Created) })
	for i := range deals {
		deals[i].ID = fmt.Sprintf("OPP-%05d", 10001+i)
	}
	return &Dataset{Deals: deals, Activity: activity(r, deals, months)}
}

func newDeal(r *rand.Rand, t *team, month time.Time, accounts map[string][]string) Deal {
	oi := pickIndex(r, t.owners)
	d := Deal{
		Owner:   t.owners[oi].name,
		Team:    t.name,
		Segment: t.segments[pickIndex(r, t.segments)].name,
		Offer:   t.offers[pickIndex(r, t.offers)].name,
		Created: weekday(r, month),
	}
	pool := accounts[d.Segment]
	d.Account = pool[r.IntN(len(pool))]

	winNorm, cycleNorm, amountNorm := t.norms()
	p := t.winRate * winNorm * segmentWin[d.Segment] * t.ownerWinBoost[oi]
	won := r.Float64() < p
	cycle := t.cycleMedian * cycleNorm * segmentCycle[d.Segment] * offerCycle[d.Offer] * math.Exp(0.45*r.NormFloat64())
	if !won {
		cycle *= 0.85 // lost deals are dropped a little sooner
	}
	cycle = math.Max(cycle, 7)
	closed := d.Created.AddDate(0, 0, int(math.Round(cycle)))
	switch {
	case closed.Month() == time.August && r.Float64() < 0.6:
		closed = closed.AddDate(0, 0, 21+r.IntN(15)) // decisions wait for September
	case (closed.Month() == time.January || closed.Month() == time.February) &&
		d.Created.Before(date(closed.Year()-1, 12, 1)) && r.Float64() < 0.3:
		// year-end push: budgets signed, and pipelines cleaned, before 31 December
		if dec := date(closed.Year()-1, 12, 10+r.IntN(22)); dec.After(d.Created.AddDate(0, 0, 14)) {
			closed = dec
		}
	}
	closed = businessDay(closed)

	amount := t.amountMedian * amountNorm * segmentAmount[d.Segment] * offerAmount[d.Offer] * math.Exp(0.55*r.NormFloat64())
	amount = math.Max(amount, 800)
	if r.Float64() < 0.7 {
		amount = math.Round(amount/10) * 10 // list price
	} else {
		amount = math.Round(amount*100) / 100 // discounted, with cents
	}
	d.Amount, d.HasAmount = amount, true

	switch {
	case closed.After(exportDay):
		d.Status = "open"
		elapsed := exportDay.Sub(d.Created).Hours() / 24 / cycle
		s := openStages[min(int(elapsed*4), 3)]
		d.Stage, d.StageFR = s.en, s.fr
		if s.en == "Prospecting" && r.Float64() < 0.4 {
			d.Amount, d.HasAmount = 0, false // not yet quoted
		}
	case won:
		d.Status, d.Stage, d.StageFR, d.Closed = "won", "Closed Won", "Gagné", closed
	default:
		d.Status, d.Stage, d.StageFR, d.Closed = "lost", "Closed Lost", "Perdu", closed
	}
	return d
}

// norms returns the factors that keep the team's averages where its fields
// say despite the segment, offer and owner multipliers: the mean win
// probability is winRate, and the median cycle and amount are cycleMedian
// and amountMedian (geometric means of the multipliers over the team's mix).
func (t *team) norms() (win, cycle, amount float64) {
	var segW, offW, ownW float64
	for _, s := range t.segments {
		segW += s.w
	}
	for _, o := range t.offers {
		offW += o.w
	}
	for _, o := range t.owners {
		ownW += o.w
	}
	var meanWin, logCycle, logAmount float64
	for _, s := range t.segments {
		for _, o := range t.offers {
			w := s.w / segW * o.w / offW
			logCycle += w * math.Log(segmentCycle[s.name]*offerCycle[o.name])
			logAmount += w * math.Log(segmentAmount[s.name]*offerAmount[o.name])
		}
		for i, o := range t.owners {
			meanWin += s.w / segW * o.w / ownW * segmentWin[s.name] * t.ownerWinBoost[i]
		}
	}
	return 1 / meanWin, math.Exp(-logCycle), math.Exp(-logAmount)
}

// activity derives each team's monthly prospecting volumes from the
// opportunities it created, through team-specific funnel rates with some
// month-to-month noise.
func activity(r *rand.Rand, deals []Deal, months []time.Time) []Activity {
	created := map[string]int{}
	for _, d := range deals {
		created[d.Team+"|"+monthStart(d.Created).Format("2006-01")]++
	}
	var out []Activity
	for _, t := range teams {
		for _, m := range months {
			opps := created[t.name+"|"+m.Format("2006-01")]
			meetings := int(math.Round(float64(opps) / (t.oppRate + 0.1*(r.Float64()-0.5))))
			responses := int(math.Round(float64(meetings) / (t.meetingRate + 0.08*(r.Float64()-0.5))))
			contacts := int(math.Round(float64(responses) / (t.responseRate + 0.02*(r.Float64()-0.5))))
			out = append(out, Activity{Team: t.name, Month: m, Contacts: contacts, Responses: responses,
				Meetings: meetings, Opportunities: opps})
		}
	}
	return out
}

// accountPools invents customer accounts per segment.
func accountPools(r *rand.Rand) map[string][]string {
	cities := []string{"Lyon", "Nantes", "Rennes", "Lille", "Grenoble", "Dijon", "Tours", "Reims", "Angers",
		"Clermont-Ferrand", "Besançon", "Metz", "Caen", "Rouen", "Brest", "Nîmes", "Pau", "Annecy",
		"Valence", "Poitiers", "Orléans", "Limoges", "Mulhouse", "Perpignan", "Chambéry", "Colmar"}
	names := []string{"Arvel", "Boréal", "Cassin", "Delmas", "Estève", "Fauvel", "Garnier", "Hélio", "Iroise",
		"Jacquet", "Kerval", "Lumen", "Marceau", "Noria", "Orsay", "Plessis", "Quintal", "Rivière", "Sorel",
		"Talbot", "Ubaye", "Valmy", "Wendel", "Ysère", "Zénith"}
	patterns := map[string][]string{
		"Industrie":     {"{name} Industries", "Métallerie {name}", "Ateliers {name}", "{name} Plasturgie", "Mécanique {name}"},
		"Santé":         {"Clinique {name}", "Centre hospitalier de {city}", "Laboratoires {name}", "EHPAD {name}", "Groupe médical {name}"},
		"Collectivités": {"Mairie de {city}", "Communauté de communes de {city}", "Département {name}", "Syndicat des eaux de {city}", "Métropole de {city}"},
		"Distribution":  {"{name} Distribution", "Maison {name}", "Comptoir {name}", "{name} Négoce", "Grossiste {name}"},
	}
	pools := map[string][]string{}
	for _, seg := range segments {
		seen := map[string]bool{}
		for len(pools[seg]) < 60 {
			p := patterns[seg][r.IntN(len(patterns[seg]))]
			var a string
			if strings.Contains(p, "{city}") {
				a = strings.Replace(p, "{city}", cities[r.IntN(len(cities))], 1)
			} else {
				a = strings.Replace(p, "{name}", names[r.IntN(len(names))], 1)
			}
			if !seen[a] {
				seen[a] = true
				pools[seg] = append(pools[seg], a)
			}
		}
	}
	return pools
}

// poisson draws a Poisson count (Knuth's method; means here are below 100).
func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func pickIndex(r *rand.Rand, ws []weighted) int {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := r.Float64() * total
	for i, w := range ws {
		if x < w.w {
			return i
		}
		x -= w.w
	}
	return len(ws) - 1
}

// weekday returns a random working day of the month, not after exportDay.
func weekday(r *rand.Rand, month time.Time) time.Time {
	last := month.AddDate(0, 1, -1)
	if last.After(exportDay) {
		last = exportDay
	}
	for {
		d := month.AddDate(0, 0, r.IntN(last.Day()))
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return d
		}
	}
}

// businessDay moves a weekend date to the following Monday.
func businessDay(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

func monthStart(t time.Time) time.Time { return date(t.Year(), t.Month(), 1) }

func monthsBetween(from, to time.Time) []time.Time {
	var out []time.Time
	for m := monthStart(from); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, m)
	}
	return out
}
