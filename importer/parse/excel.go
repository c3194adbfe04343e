package parse

import (
	"math"
	"strconv"
	"time"
)

const (
	msPerDay = 86400000
	// maxSerial is 9999-12-31 in the 1900 date system, Excel's last date.
	maxSerial = 2958465
	// offset1904 is the 1900-system serial of 1904-01-01, day 0 of the
	// 1904 system (Excel for Mac before 2011).
	offset1904 = 1462
)

// epoch1900 is day 0 of the 1900 system for serials from 61 on. Excel
// counts a 29 February 1900 that never was (serial 60, kept from Lotus
// 1-2-3), so that serials 1 to 59 count from one day later.
var epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()

// ExcelSerial converts a workbook date serial to a calendar date at
// midnight UTC, in the 1900 date system or, when date1904 is true, the 1904
// one. The fraction (the time of day) is dropped after rounding the serial
// to the millisecond, as Excel displays it, so that 45291.99999999999 is
// the next day. It refuses NaN, infinities, serials below 1, dates after
// 9999-12-31, and serial 60 of the 1900 system (29 February 1900, a date
// Excel invented). Errors are *Error.
func ExcelSerial(v float64, date1904 bool) (time.Time, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 1 {
		return time.Time{}, serialError(v, "")
	}
	if v > maxSerial+1 {
		return time.Time{}, serialError(v, "after 9999-12-31")
	}
	days := int64(math.Floor(math.Round(v*msPerDay) / msPerDay))
	if date1904 {
		days += offset1904
	} else {
		switch {
		case days == 60:
			return time.Time{}, serialError(v, "29 February 1900 does not exist")
		case days < 60:
			days++
		}
	}
	if days > maxSerial {
		return time.Time{}, serialError(v, "after 9999-12-31")
	}
	return time.Unix(epoch1900+days*86400, 0).UTC(), nil
}

func serialError(v float64, reason string) error {
	return &Error{
		Found:    strconv.FormatFloat(v, 'g', -1, 64),
		Expected: ExpectedSerial,
		Reason:   reason,
		What:     "date",
	}
}
