// RUN: sparrow-opt %s -verify-diagnostics --sparrow-smooth-activations="alpha=2" -o /dev/null

// The migration strength is a fraction of the scale moved.
// expected-error @below {{sparrow-smooth-activations: alpha must be in [0, 1], got 2}}
func.func @bad_alpha() {
  return
}
