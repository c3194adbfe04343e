package templates

import "errors"

// ErrUnknownMetric is returned by Sentence for a metric it has no wording
// for (the target's metric was not recognised).
var ErrUnknownMetric = errors.New("unknown metric")
