package planner

import (
	"fmt"
	"math"
)

// FunnelInput is what ReverseFunnel works from. Exactly one of Revenue,
// Deals, Opportunities and Meetings is set (positive): it is the line the
// funnel starts at. Lines below the start need their rate: a line whose
// rate is zero is not computed and stays zero, and so do the lines below it.
// Months, when positive, gives OpportunitiesPerMonth.
//
// Conversion, when positive, is the chance that a created opportunity is
// won (Ratios.Conversion): opportunities are then deals / Conversion.
// Otherwise they are deals / WinRate, the closed deals' rate of METHOD
// §4, which counts as lost none of the deals that are never closed.
type FunnelInput struct {
	Revenue, Deals, Meetings float64
	Opportunities            float64
	DealSize, WinRate        float64
	Conversion               float64
	Rates                    FunnelRates
	Months                   int
}

// Funnel start lines, as in Funnel.From.
const (
	FromRevenue       = "revenue"
	FromDeals         = "deals"
	FromOpportunities = "opportunities"
	FromMeetings      = "meetings"
)

// ReverseFunnel runs the reverse sales funnel of METHOD §4 from a target
// down to the activity it requires:
//
//	deals = R / D, opportunities = deals / w, meetings = opportunities / o,
//	responses = meetings / m, contacts = responses / r.
//
// Values are exact; round up (locale.Count) for people.
func ReverseFunnel(in FunnelInput) (Funnel, error) {
	var f Funnel
	starts := 0
	for _, v := range []float64{in.Revenue, in.Deals, in.Opportunities, in.Meetings} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return f, fmt.Errorf("reverse funnel: %w: start value %v", ErrBadFunnel, v)
		}
		if v > 0 {
			starts++
		}
	}
	if starts != 1 {
		return f, fmt.Errorf("reverse funnel: %w: give exactly one of revenue, deals, opportunities, meetings (got %d)", ErrBadFunnel, starts)
	}
	if in.Months < 0 {
		return f, fmt.Errorf("reverse funnel: %w: months %d", ErrBadFunnel, in.Months)
	}
	if in.WinRate < 0 || in.WinRate > 1 || math.IsNaN(in.WinRate) {
		return f, fmt.Errorf("reverse funnel: %w: win rate %v is not between 0 and 1", ErrBadFunnel, in.WinRate)
	}
	if in.Conversion < 0 || in.Conversion > 1 || math.IsNaN(in.Conversion) {
		return f, fmt.Errorf("reverse funnel: %w: conversion %v is not between 0 and 1", ErrBadFunnel, in.Conversion)
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"deal size", in.DealSize}, {"opportunity rate", in.Rates.OpportunityRate},
		{"meeting rate", in.Rates.MeetingRate}, {"response rate", in.Rates.ResponseRate}} {
		if c.v < 0 || math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return f, fmt.Errorf("reverse funnel: %w: %s %v is not a positive number", ErrBadFunnel, c.name, c.v)
		}
	}
	// down computes the lines below the opportunities line.
	down := func() {
		if in.Rates.OpportunityRate == 0 {
			return
		}
		f.Meetings = f.Opportunities / in.Rates.OpportunityRate
		if in.Rates.MeetingRate == 0 {
			return
		}
		f.Responses = f.Meetings / in.Rates.MeetingRate
		if in.Rates.ResponseRate == 0 {
			return
		}
		f.Contacts = f.Responses / in.Rates.ResponseRate
	}
	switch {
	case in.Revenue > 0:
		if in.DealSize <= 0 {
			return f, fmt.Errorf("reverse funnel: %w: a revenue target needs a positive deal size", ErrBadFunnel)
		}
		f.From = FromRevenue
		f.Deals = in.Revenue / in.DealSize
	case in.Deals > 0:
		f.From = FromDeals
		f.Deals = in.Deals
	case in.Opportunities > 0:
		f.From = FromOpportunities
		f.Opportunities = in.Opportunities
		down()
	case in.Meetings > 0:
		f.From = FromMeetings
		f.Meetings = in.Meetings
		if in.Rates.MeetingRate > 0 {
			f.Responses = f.Meetings / in.Rates.MeetingRate
			if in.Rates.ResponseRate > 0 {
				f.Contacts = f.Responses / in.Rates.ResponseRate
			}
		}
	}
	if f.From == FromRevenue || f.From == FromDeals {
		switch {
		case in.Conversion > 0:
			f.Opportunities, f.Conversion = f.Deals/in.Conversion, in.Conversion
			down()
		case in.WinRate > 0:
			f.Opportunities, f.Conversion = f.Deals/in.WinRate, in.WinRate
			down()
		}
	}
	if in.Months > 0 {
		f.OpportunitiesPerMonth = f.Opportunities / float64(in.Months)
	}
	return f, nil
}

// WinRateLever is the effect of the win-rate lever of METHOD §6: with the
// same opportunities at the same deal size, moving the win rate from
// baseRate to targetRate wins opportunities × (target − base) more deals,
// worth that many times dealSize.
func WinRateLever(opportunities, dealSize, baseRate, targetRate float64) (upliftDeals, upliftRevenue float64) {
	upliftDeals = opportunities * (targetRate - baseRate)
	return upliftDeals, upliftDeals * dealSize
}
