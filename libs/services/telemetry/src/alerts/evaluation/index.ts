export { alertEvaluatorJob } from "./alert-evaluator-job";
export { evaluateDueRules, type EvaluationCounts, type EvaluationOptions } from "./evaluate-due-rules";
