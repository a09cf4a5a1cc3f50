"""Reference numbers for stylegrad's L-BFGS: torch.optim.LBFGS(line_search_fn='strong_wolfe') on Rosenbrock.

Run from the repository root with the PyTorch peer venv (DESIGN.md §4):

    /work/.venv-peer/bin/python scripts/reference/optimizers_lbfgs.py

It writes test/fixtures/reference/optimizers-lbfgs.json, read by test/optimizers/lbfgsReference.test.ts.

Problems (all in float32, like tfjs):
  * rosenbrock2d:   f(x) = 100 (x1 - x0^2)^2 + (1 - x0)^2 from (-1.2, 1).
  * rosenbrock100d: the chained (extended) form sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, n = 100, from
    the standard start x_i = -1.2 for even 0-based i and 1 for odd i (More, Garbow, Hillstrom 1981).
For each problem and history size, one `optimizer.step(closure)` is run with max_iter / max_eval large enough
that the tolerances stop it, and the trace (loss at the start of every iteration, cumulative evaluations) is
recorded, so the test can compare iterations, evaluations and the loss reached. One fixed-step run
(line_search_fn=None, lr=0.5) is recorded too.

Bounded problems: the same functions restricted to a box that cuts off the unconstrained minimiser (1, ..., 1);
their constrained minimiser is computed by scipy.optimize.minimize(method='L-BFGS-B') in float64 with tight
tolerances, as the reference point for stylegrad's projected L-BFGS.
"""

import json
import os

import numpy as np
import scipy
import scipy.optimize
import torch


def rosenbrock(x: torch.Tensor) -> torch.Tensor:
    return torch.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def standard_start(n: int) -> list:
    return [-1.2 if i % 2 == 0 else 1.0 for i in range(n)]


def scipy_bounded(start, lower, upper):
    """The box-constrained minimiser by scipy's L-BFGS-B in float64 (tight tolerances), for bounded tests."""

    def fun(v):
        x = torch.tensor(v, dtype=torch.float64, requires_grad=True)
        f = rosenbrock(x)
        f.backward()
        return float(f), x.grad.numpy().copy()

    res = scipy.optimize.minimize(fun, np.array(start, dtype=np.float64), jac=True, method="L-BFGS-B",
                                  bounds=[(lower, upper)] * len(start),
                                  options={"maxiter": 10000, "maxfun": 20000, "ftol": 1e-15, "gtol": 1e-12, "maxcor": 10})
    return {"finalLoss": float(res.fun), "finalX": [float(v) for v in res.x], "evaluations": int(res.nfev),
            "iterations": int(res.nit)}


def run(start, history_size, max_iter, max_eval, tolerance_grad, tolerance_change, line_search, lr=1.0):
    x = torch.tensor(start, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.LBFGS(
        [x],
        lr=lr,
        max_iter=max_iter,
        max_eval=max_eval,
        tolerance_grad=tolerance_grad,
        tolerance_change=tolerance_change,
        history_size=history_size,
        line_search_fn=line_search,
    )
    trace = []
    evaluations = [0]

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        evaluations[0] += 1
        trace.append({"evaluation": evaluations[0], "loss": float(loss.detach())})
        return loss

    opt.step(closure)
    state = opt.state[x]
    with torch.no_grad():
        final = float(rosenbrock(x))
    return {
        "iterations": int(state["n_iter"]),
        "evaluations": int(state["func_evals"]),
        "finalLoss": final,
        "finalX": [float(v) for v in x.detach()],
        # loss at every evaluation, in order (float32 values printed with 9 significant digits)
        "trace": [float(f"{e['loss']:.9g}") for e in trace],
    }


def main() -> None:
    torch.manual_seed(0)
    cases = []
    for name, start in [("rosenbrock2d", [-1.2, 1.0]), ("rosenbrock100d", standard_start(100))]:
        for history in [10, 100]:
            options = {
                "historySize": history,
                "maxIterations": 500,
                "maxEvaluations": 1000,
                "toleranceGrad": 1e-5,
                "toleranceChange": 1e-9,
                "lineSearch": "strongWolfe",
            }
            result = run(start, history, 500, 1000, 1e-5, 1e-9, "strong_wolfe")
            cases.append({"problem": name, "start": start, "options": options, "torch": result})
            print(f"{name} history={history}: iterations={result['iterations']} evaluations={result['evaluations']} "
                  f"final={result['finalLoss']:.3e}")
    # Fixed step (line_search_fn=None, what neural-style-pt uses), 2-D, a short run: the path has no branching,
    # so it should agree with stylegrad's lineSearch 'none' closely evaluation by evaluation.
    options = {"historySize": 100, "maxIterations": 60, "maxEvaluations": 75, "toleranceGrad": 1e-5,
               "toleranceChange": 1e-9, "lineSearch": "none", "learningRate": 0.5}
    result = run([-1.2, 1.0], 100, 60, 75, 1e-5, 1e-9, None, lr=0.5)
    cases.append({"problem": "rosenbrock2d", "start": [-1.2, 1.0], "options": options, "torch": result})
    print(f"rosenbrock2d fixed step: iterations={result['iterations']} evaluations={result['evaluations']} "
          f"final={result['finalLoss']:.3e}")

    bounded = []
    for name, n, lower, upper in [("rosenbrock2d", 2, -2.0, 0.5), ("rosenbrock100d", 100, -2.0, 0.8)]:
        start = [-1.2, 1.0] if n == 2 else standard_start(n)
        start = [min(max(v, lower), upper) for v in start]
        bounded.append({"problem": name, "start": start, "lower": lower, "upper": upper, "scipy": scipy_bounded(start, lower, upper)})
        print(f"{name} in [{lower}, {upper}]: scipy L-BFGS-B f*={bounded[-1]['scipy']['finalLoss']:.9g} "
              f"evaluations={bounded[-1]['scipy']['evaluations']}")

    out = {
        "generator": "scripts/reference/optimizers_lbfgs.py",
        "torch": torch.__version__,
        "dtype": "float32",
        "cases": cases,
        "bounded": bounded,
        "scipy": scipy.__version__,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "reference", "optimizers-lbfgs.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
