// Package batch is smartplan's unattended mode: a folder that finance and
// sales ops drop files into, turned into one report set per targets file by
// a scheduled job (issue 6).
//
// Run classifies every file of the input folder by its content, skips the
// files still being written, and runs the planning job once per targets
// file with every history, activity and lookup file found. It never runs
// twice at once on an output folder (a flock on OUT/.smartplan.lock), skips
// the targets files whose inputs, configuration and smartplan version are
// unchanged since their last successful run (a state file of content
// hashes in OUT), records a failing file with its reason and goes on with
// the others, and writes every file it owns atomically. It ends with
// OUT/batch.json, a machine-readable account of the run.
//
// The package does not read or plan anything itself: the classifier and
// the job runner are injected (Options.Classify, Options.Run), which keeps
// it testable with fakes and free of the importer's and planner's
// details. It never calls os.Exit: ExitCode maps a run's outcome to the
// process exit code, and the command applies it.
package batch
