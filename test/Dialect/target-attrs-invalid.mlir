// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// expected-error @+1 {{unknown kernel 'fast'}}
"test.op"() {k = #sparrow.kernel<fast, dense, "why">} : () -> ()

// -----

// expected-error @+1 {{expected 'dense' or 'sparse'}}
"test.op"() {k = #sparrow.kernel<pointwise, thin, "why">} : () -> ()

// -----

// expected-error @+1 {{expected tile = <rows>x<vectors>,}}
"test.op"() {k = #sparrow.kernel<pointwise, dense, tile = 4, "why">} : () -> ()

// -----

// The target takes three strings.
// expected-error @+2 {{expected string}}
// expected-error @+1 {{failed to parse Sparrow_TargetAttr parameter 'cpu'}}
module attributes {sparrow.target = #sparrow.target<"wasm32-unknown-unknown", generic, "+simd128">} {}
