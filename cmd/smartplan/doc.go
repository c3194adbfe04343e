// Command smartplan turns a company's sales history and its teams' target
// sheets into checked, phased sales plans. See README.md for the commands,
// the input formats and the exit codes.
//
// This package only parses flags, wires the packages together and maps
// errors to exit codes; the work is done by importer, planner and report.
package main
