// Imports the model package by name (the bundler resolves it, copies the
// .wasm and bundles the worker) and runs the harness's job with it.
import { load } from 'mnv1-model';
import { runJob } from './page-job.mjs';

runJob(load);
