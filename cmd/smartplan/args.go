package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// reorderArgs moves the flags that follow a positional argument before it,
// so that `smartplan check a.csv --sheet North` honours --sheet instead of
// taking it for a file name (urfave/cli stops parsing flags at the first
// positional argument). Everything after "--" is left as it is.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	// Find the command: the first argument that names one.
	ci := -1
	var cmd *cli.Command
	for i := 1; i < len(args); i++ {
		if c := app.Command(args[i]); c != nil {
			ci, cmd = i, c
			break
		}
		if !strings.HasPrefix(args[i], "-") {
			return args
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, positional []string
	rest := args[ci+1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				flags = append(flags, rest[i+1])
				i++
			}
			continue
		}
		positional = append(positional, a)
	}
	out := append([]string{}, args[:ci+1]...)
	out = append(out, flags...)
	return append(out, positional...)
}
