package parse

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	var zero time.Time
	tests := []struct {
		in      string
		two     bool
		value   time.Time
		alt     time.Time
		amb     bool
		proves  DateOrder
		hasTime bool
	}{
		// ISO dates and datetimes (Salesforce API, Maven, Pipedrive API).
		{in: "2026-12-31", value: day(2026, 12, 31), proves: YMD},
		{in: "2017-03-01", value: day(2017, 3, 1), proves: YMD},
		{in: "2026-1-5", value: day(2026, 1, 5), proves: YMD},
		{in: "2026/12/31", value: day(2026, 12, 31), proves: YMD},
		{in: "2026.12.31", value: day(2026, 12, 31), proves: YMD},
		{in: "2024-02-29", value: day(2024, 2, 29), proves: YMD},
		{in: "2000-02-29", value: day(2000, 2, 29), proves: YMD},
		{in: "2024-01-22T16:14:25.000+0000", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2024-01-22T23:30:00-0500", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2024-01-22T00:30:00+14:00", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2024-01-22T16:14:25Z", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2024-01-22T16:14:25.123456789Z", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2024-01-22T16:14", value: day(2024, 1, 22), proves: YMD, hasTime: true},
		{in: "2023-05-11 00:00:00", value: day(2023, 5, 11), proves: YMD, hasTime: true},
		{in: "2016-11-04 00:00:00", value: day(2016, 11, 4), proves: YMD, hasTime: true},
		{in: "2023-02-07 20:47:49", value: day(2023, 2, 7), proves: YMD, hasTime: true},
		{in: "2023-02-07 20:47:49 UTC", value: day(2023, 2, 7), proves: YMD, hasTime: true},
		{in: "2023-02-07 20:47:49 GMT+01:00", value: day(2023, 2, 7), proves: YMD, hasTime: true},
		{in: " 2026-12-31 ", value: day(2026, 12, 31), proves: YMD},

		// Numeric day and month: the field above 12 decides.
		{in: "31/12/2026", value: day(2026, 12, 31), proves: DMY},
		{in: "12/31/2026", value: day(2026, 12, 31), proves: MDY},
		{in: "3/1/2017", value: day(2017, 1, 3), alt: day(2017, 3, 1), amb: true},
		{in: "10/20/2016", value: day(2016, 10, 20), proves: MDY},
		{in: "20/10/2016", value: day(2016, 10, 20), proves: DMY},
		{in: "02/03/2024", value: day(2024, 3, 2), alt: day(2024, 2, 3), amb: true},
		{in: "05/05/2024", value: day(2024, 5, 5)},
		{in: "12/12/2024", value: day(2024, 12, 12)},
		{in: "29/02/2024", value: day(2024, 2, 29), proves: DMY},
		{in: "02/29/2024", value: day(2024, 2, 29), proves: MDY},
		{in: "31.12.2026", value: day(2026, 12, 31), proves: DMY},
		{in: "1.2.2026", value: day(2026, 2, 1), alt: day(2026, 1, 2), amb: true},
		{in: "31-12-2026", value: day(2026, 12, 31), proves: DMY},
		{in: "12-31-2026", value: day(2026, 12, 31), proves: MDY},
		{in: "31/12/2026 08:55", value: day(2026, 12, 31), proves: DMY, hasTime: true},
		{in: "12/31/2026 08:55 PM", value: day(2026, 12, 31), proves: MDY, hasTime: true},
		{in: "12/31/2026 8:55 pm", value: day(2026, 12, 31), proves: MDY, hasTime: true},
		{in: "12/31/2026 12:00AM", value: day(2026, 12, 31), proves: MDY, hasTime: true},
		{in: "31/12/2026 23:59:59", value: day(2026, 12, 31), proves: DMY, hasTime: true},

		// Two-digit years, only when configured (Excel's 2029 pivot).
		{in: "02/03/24", two: true, value: day(2024, 3, 2), alt: day(2024, 2, 3), amb: true},
		{in: "02/23/26 08:55 PM", two: true, value: day(2026, 2, 23), proves: MDY, hasTime: true},
		{in: "31/12/29", two: true, value: day(2029, 12, 31), proves: DMY},
		{in: "31/12/30", two: true, value: day(1930, 12, 31), proves: DMY},
		{in: "31/12/99", two: true, value: day(1999, 12, 31), proves: DMY},
		{in: "19-Mar-20", two: true, value: day(2020, 3, 19)},
		{in: "31-déc.-26", two: true, value: day(2026, 12, 31)}, // French Excel's jj-mmm-aa
		{in: "1-janv.-26", two: true, value: day(2026, 1, 1)},

		// Month names, English and French.
		{in: "31 décembre 2026", value: day(2026, 12, 31)},
		{in: "31 DÉCEMBRE 2026", value: day(2026, 12, 31)},
		{in: "31 déc. 2026", value: day(2026, 12, 31)},
		{in: "31 dec 2026", value: day(2026, 12, 31)},
		{in: "1er janvier 2026", value: day(2026, 1, 1)},
		{in: "1 janv. 2026", value: day(2026, 1, 1)},
		{in: "15 févr. 2026", value: day(2026, 2, 15)},
		{in: "15 février 2026", value: day(2026, 2, 15)},
		{in: "15 fevrier 2026", value: day(2026, 2, 15)},
		{in: "3 mars 2026", value: day(2026, 3, 3)},
		{in: "3 avr. 2026", value: day(2026, 4, 3)},
		{in: "8 mai 2026", value: day(2026, 5, 8)},
		{in: "21 juin 2026", value: day(2026, 6, 21)},
		{in: "14 juil. 2026", value: day(2026, 7, 14)},
		{in: "15 août 2026", value: day(2026, 8, 15)},
		{in: "15 aout 2026", value: day(2026, 8, 15)},
		{in: "1 sept. 2026", value: day(2026, 9, 1)},
		{in: "11 nov. 2026", value: day(2026, 11, 11)},
		{in: "jeudi 31 décembre 2026", value: day(2026, 12, 31)},
		{in: "31\u00a0déc.\u00a02026", value: day(2026, 12, 31)},
		{in: "Dec 31, 2026", value: day(2026, 12, 31)},
		{in: "Dec. 31, 2026", value: day(2026, 12, 31)},
		{in: "December 31, 2026", value: day(2026, 12, 31)},
		{in: "December 31 2026", value: day(2026, 12, 31)},
		{in: "Sep 1st, 2026", value: day(2026, 9, 1)},
		{in: "Sept 2, 2026", value: day(2026, 9, 2)},
		{in: "Thursday, December 31, 2026", value: day(2026, 12, 31)},
		{in: "Thu, Dec 31, 2026", value: day(2026, 12, 31)},
		{in: "31-Dec-2026", value: day(2026, 12, 31)},
		{in: "31-déc.-2026", value: day(2026, 12, 31)},
		{in: "Dec-31-2026", value: day(2026, 12, 31)},
		{in: "31 Dec 2026", value: day(2026, 12, 31)},
		{in: "31 December 2026 10:00", value: day(2026, 12, 31), hasTime: true},
		{in: "Mar 3, 2026", value: day(2026, 3, 3)},
		{in: "29 Feb 2024", value: day(2024, 2, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in, tt.two)
			if err != nil {
				t.Fatalf("ParseDate(%q, %v): %v", tt.in, tt.two, err)
			}
			if got, want := d.Value, tt.value; !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("Value = %v, want %v", got, want)
			}
			want := zero
			if tt.amb {
				want = tt.alt
			}
			if got := d.Alt; !got.Equal(want) {
				t.Errorf("Alt = %v, want %v", got, want)
			}
			if got, want := d.Ambiguous, tt.amb; got != want {
				t.Errorf("Ambiguous = %v, want %v", got, want)
			}
			if got, want := d.Proves, tt.proves; got != want {
				t.Errorf("Proves = %v, want %v", got, want)
			}
			if got, want := d.HasTime, tt.hasTime; got != want {
				t.Errorf("HasTime = %v, want %v", got, want)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct {
		in     string
		two    bool
		reason string
	}{
		{"", false, "expected a value"},
		{"  ", false, "expected a value"},
		{"31/02/2026", false, "no such date"},
		{"02/31/2026", false, "no such date"},
		{"30.02.2026", false, "no such date"},
		{"2026-02-29", false, "no such date"},
		{"1900-02-29", false, "no such date"},
		{"2026-13-01", false, "no such date"},
		{"2026-00-10", false, "no such date"},
		{"2026-12-32", false, "no such date"},
		{"0000-01-01", false, ""},
		{"13/13/2026", false, "no field is a month"},
		{"31/31/2026", false, "no field is a month"},
		{"00/05/2026", false, "no such date"},
		{"31 février 2026", false, "no such date"},
		{"02/03/24", false, "two-digit year"},
		{"02/23/26 08:55 PM", false, "two-digit year"},
		{"31-Dec-26", false, "two-digit year"},
		{"Dec 31, 26", false, "two-digit year"},
		{"31/12/026", false, "no year"},
		{"31/12/20266", false, ""},
		{"45291", false, ""},
		{"45291.5", false, ""},
		{"20261231", false, ""},
		{"2026-12", false, ""},
		{"2026-12-31-", false, ""},
		{"2026-12/31", false, ""},
		{"31/12-2026", false, ""},
		{"31/12", false, ""},
		{"Dec 2026", false, ""},
		{"31 Decembre", false, ""},
		{"31 Foo 2026", false, ""},
		{"Foo 31, 2026", false, ""},
		{"2026-12-31T", false, ""},
		{"2026-12-31T25:00:00", false, ""},
		{"2026-12-31T23:60:00", false, ""},
		{"2026-12-31T23:59:60", false, ""},
		{"2026-12-31 8", false, ""},
		{"2026-12-31 08:5", false, ""},
		{"12/31/2026 13:00 PM", false, ""},
		{"12/31/2026 00:00 AM", false, ""},
		{"2026-12-31T10:00:00+2500", false, ""},
		{"2026-12-31T10:00:00+05:", false, ""},
		{"2026-12-31T10:00:00 XYZ", false, ""},
		{"2026-12-31 tomorrow", false, ""},
		{"yesterday", false, ""},
		{"TRUE", false, ""},
		{"N/A", false, ""},
		{"-", false, ""},
		{"1 200,00 €", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in, tt.two)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %+v, want an error", tt.in, d)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *Error", err)
			}
			if !strings.HasPrefix(err.Error(), "not a date: ") {
				t.Errorf("message %q does not start with \"not a date: \"", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("message %q does not mention %q", err, tt.reason)
			}
			if d != (Date{}) {
				t.Errorf("a refused date carries %+v", d)
			}
		})
	}
}

func TestTwoDigitYearMessage(t *testing.T) {
	_, err := ParseDate("02/03/24", false)
	want := `not a date: "02/03/24" (two-digit year; expected ` + ExpectedYear + `)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestDateResolve(t *testing.T) {
	d, err := ParseDate("3/1/2017", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		o    DateOrder
		want time.Time
	}{
		{DMY, day(2017, 1, 3)},
		{MDY, day(2017, 3, 1)},
		{YMD, day(2017, 1, 3)},
		{OrderUnknown, day(2017, 1, 3)},
	} {
		if got := d.Resolve(tt.o); !got.Equal(tt.want) {
			t.Errorf("Resolve(%v) = %v, want %v", tt.o, got, tt.want)
		}
	}
	d, _ = ParseDate("20/10/2016", false)
	if got, want := d.Resolve(MDY), day(2016, 10, 20); !got.Equal(want) {
		t.Errorf("a proven date resolved to %v under MDY, want %v", got, want)
	}
}

func TestExcelSerial(t *testing.T) {
	tests := []struct {
		v     float64
		d1904 bool
		want  time.Time
	}{
		{1, false, day(1900, 1, 1)},
		{2, false, day(1900, 1, 2)},
		{31, false, day(1900, 1, 31)},
		{59, false, day(1900, 2, 28)},
		{61, false, day(1900, 3, 1)},
		{366, false, day(1900, 12, 31)},
		{25569, false, day(1970, 1, 1)},
		{42663, false, day(2016, 10, 20)},
		{42795, false, day(2017, 3, 1)},
		{45291, false, day(2023, 12, 31)},
		{45291.5, false, day(2023, 12, 31)},
		{45291.999, false, day(2023, 12, 31)},
		{45291.99999999999, false, day(2024, 1, 1)}, // rounds to the millisecond, as Excel shows it
		{46387, false, day(2026, 12, 31)},
		{2958465, false, day(9999, 12, 31)},
		{2958465.4, false, day(9999, 12, 31)},
		{1, true, day(1904, 1, 2)},
		{366, true, day(1905, 1, 1)},
		{43829, true, day(2023, 12, 31)},
		{2957003, true, day(9999, 12, 31)},
	}
	for _, tt := range tests {
		got, err := ExcelSerial(tt.v, tt.d1904)
		if err != nil {
			t.Errorf("ExcelSerial(%v, %v): %v", tt.v, tt.d1904, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ExcelSerial(%v, %v) = %v, want %v", tt.v, tt.d1904, got, tt.want)
		}
	}
}

func TestExcelSerialRejects(t *testing.T) {
	for _, tt := range []struct {
		v     float64
		d1904 bool
	}{
		{math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false},
		{0, false}, {0.5, false}, {-1, false}, {0, true},
		{60, false}, {60.5, false},
		{2958466, false}, {2958465.99999999999, false}, {1e300, false},
		{2957004, true},
	} {
		got, err := ExcelSerial(tt.v, tt.d1904)
		if err == nil {
			t.Errorf("ExcelSerial(%v, %v) = %v, want an error", tt.v, tt.d1904, got)
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "not a date: ") {
			t.Errorf("ExcelSerial(%v): error %v is not a date *Error", tt.v, err)
		}
	}
}

// TestExcelSerialMatchesDates walks every day from 1900-03-01 to 9999-12-31
// in steps and checks the serial against the day count from Excel's epoch.
func TestExcelSerialMatchesDates(t *testing.T) {
	base := day(1899, 12, 30)
	for s := 61; s <= 2958465; s += 997 {
		want := base.AddDate(0, 0, s)
		got, err := ExcelSerial(float64(s), false)
		if err != nil || !got.Equal(want) {
			t.Fatalf("ExcelSerial(%d) = %v, %v; want %v", s, got, err, want)
		}
		got, err = ExcelSerial(float64(s-1462), true)
		if s-1462 >= 1 && (err != nil || !got.Equal(want)) {
			t.Fatalf("ExcelSerial(%d, 1904) = %v, %v; want %v", s-1462, got, err, want)
		}
	}
}

// TestMidnight checks the day arithmetic against time.Date over the whole
// range of years.
func TestMidnight(t *testing.T) {
	for y := 1; y <= 9999; y += 7 {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 15, daysIn(m, y)} {
				if got, want := midnight(y, m, d), time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
					t.Fatalf("midnight(%d, %d, %d) = %v, want %v", y, m, d, got, want)
				}
			}
		}
	}
}

func TestMonthWord(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
		ok   bool
	}{
		{"January", time.January, true}, {"janvier", time.January, true}, {"févr.", time.February, true},
		{"FÉVRIER", time.February, true}, {"Sept", time.September, true}, {"août", time.August, true},
		{"décembre", time.December, true}, {"Q1", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := MonthWord(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MonthWord(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
