#!/usr/bin/env python3
"""PyTorch reference of the thesis Distral 2col soft-Q schedule on plans 4-8, for speed comparison only.

Written for Distral.NET (not copied from the thesis code). It runs the same work per round as
`distral bench`: for each of the 5 tasks one environment step (acting with softmax(alpha h + beta f_i)
plus epsilon), a replay push and one soft-Q update of batch 128; then one distillation update over all
tasks. Settings are the thesis SQL settings: networks 3-64-128-64-4 with leaky ReLU, Adam lr 1e-3,
replay 10000, gamma 0.999, alpha 0.8, beta 5, epsilon 0.9 -> 0.05 with exp(-episode/5), 1-step targets
V(s') = (1/beta) logsumexp(alpha log pi_0 + beta f_i) under no_grad, gradients clamped to +-500,
time limit 1000 steps (truncation bootstraps), one thread.

Usage: distral_sql.py [--rounds N] [--warmup N] [--seed N] [--threads N]
Prints one JSON object: rounds, env_steps, task_updates, distill_updates, seconds, steps_per_second,
cpu_seconds, steps_per_cpu_second (all counts are over the timed rounds only; the warm-up rounds fill each replay to >= batch first).
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------------------------------------- gridworld

PLANS = {
    4: """
1 1 1 1 1 1 1 1 1 1
1 4 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 0 0 0 0 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 3 1
1 1 1 1 1 1 1 1 1 1""",
    5: """
1 1 1 1 1 1 1 1 1 1
1 4 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 0 0 0 0 3 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 1 1 1 1 1 1 1 1 1""",
    6: """
1 1 1 1 1 1 1 1 1 1
1 4 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 3 0 0 0 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 1 1 1 1 1 1 1 1 1""",
    7: """
1 1 1 1 1 1 1 1 1 1
1 4 0 1 1 1 1 0 3 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 0 0 0 0 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 1 1 1 1 1 1 1 1 1""",
    8: """
1 1 1 1 1 1 1 1 1 1
1 0 0 1 1 1 1 0 3 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 0 0 0 0 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 0 1 1 1 1 0 0 1
1 0 4 1 1 1 1 0 0 1
1 1 1 1 1 1 1 1 1 1""",
}

STEP_REWARD, BUMP_PENALTY, GOAL_REWARD = -0.1, -0.5, 1.0
MOVES = [(-1, 0), (1, 0), (0, -1), (0, 1)]  # up, down, left, right (thesis order)


class GridWorld:
    """Thesis gridworld: -0.1 per step, -0.5 more on a bump (agent stays), +1 more on reaching the goal
    (terminates). Observation [2*cell/(rows*cols) - 1, (prev_action - 2)/4, prev_reward], cell = cols*r + c;
    the last two are 0 right after reset."""

    def __init__(self, text):
        self.grid = [[int(v) for v in line.split()] for line in text.strip().splitlines()]
        self.rows, self.cols = len(self.grid), len(self.grid[0])
        self.start = self.goal = None
        for r in range(self.rows):
            for c in range(self.cols):
                if self.grid[r][c] == 4:
                    self.start = (r, c)
                elif self.grid[r][c] == 3:
                    self.goal = (r, c)
        self.agent = self.start

    def _obs(self, prev_action, prev_reward):
        cell = self.cols * self.agent[0] + self.agent[1]
        if prev_action < 0:
            return np.array([2.0 * cell / (self.rows * self.cols) - 1.0, 0.0, 0.0], dtype=np.float32)
        return np.array([2.0 * cell / (self.rows * self.cols) - 1.0, (prev_action - 2) / 4.0, prev_reward],
                        dtype=np.float32)

    def reset(self):
        self.agent = self.start
        return self._obs(-1, 0.0)

    def step(self, action):
        dr, dc = MOVES[action]
        r, c = self.agent[0] + dr, self.agent[1] + dc
        free = 0 <= r < self.rows and 0 <= c < self.cols and self.grid[r][c] != 1
        if not free:
            reward, terminated = STEP_REWARD + BUMP_PENALTY, False
        elif (r, c) == self.goal:
            self.agent, reward, terminated = (r, c), STEP_REWARD + GOAL_REWARD, True
        else:
            self.agent, reward, terminated = (r, c), STEP_REWARD, False
        return self._obs(action, reward), reward, terminated


# ---------------------------------------------------------------------------------------------- agent

GAMMA, ALPHA, BETA = 0.999, 0.8, 5.0
BATCH, LR, REPLAY = 128, 1e-3, 10000
EPS_START, EPS_END, EPS_DECAY = 0.9, 0.05, 5.0
MAX_STEPS, CLAMP = 1000, 500.0
OBS, ACTIONS = 3, 4


class Column(nn.Module):
    """obs -> 64 -> 128 -> 64 -> 4 with leaky ReLU."""

    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(OBS, 64), nn.Linear(64, 128)
        self.l3, self.l4 = nn.Linear(128, 64), nn.Linear(64, ACTIONS)

    def forward(self, x):
        x = F.leaky_relu(self.l1(x))
        x = F.leaky_relu(self.l2(x))
        x = F.leaky_relu(self.l3(x))
        return self.l4(x)


class Replay:
    """Ring buffer of (s, a, r, s', terminated, t); uniform sampling with replacement."""

    def __init__(self, capacity):
        self.capacity, self.count, self.next = capacity, 0, 0
        self.s = np.zeros((capacity, OBS), np.float32)
        self.s2 = np.zeros((capacity, OBS), np.float32)
        self.a = np.zeros(capacity, np.int64)
        self.r = np.zeros(capacity, np.float32)
        self.done = np.zeros(capacity, np.float32)
        self.t = np.zeros(capacity, np.float32)

    def push(self, s, a, r, s2, terminated, t):
        i = self.next
        self.s[i], self.a[i], self.r[i], self.s2[i], self.done[i], self.t[i] = s, a, r, s2, terminated, t
        self.next = (i + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)

    def sample(self, rng, n):
        idx = rng.integers(0, self.count, n)
        return self.s[idx], self.a[idx], self.r[idx], self.s2[idx], self.done[idx], self.t[idx]


class Distral2ColSql:
    def __init__(self, envs, seed):
        torch.manual_seed(seed)
        self.rng = np.random.default_rng(seed)
        self.envs = envs
        n = len(envs)
        self.h = Column()
        self.h_opt = torch.optim.Adam(self.h.parameters(), lr=LR)
        self.f = [Column() for _ in range(n)]
        self.f_opt = [torch.optim.Adam(f.parameters(), lr=LR) for f in self.f]
        self.replay = [Replay(REPLAY) for _ in range(n)]
        self.obs = [None] * n
        self.t = [0] * n
        self.episodes = [0] * n
        self.task_updates = 0
        self.distill_updates = 0
        self.env_steps = 0

    def act(self, i):
        eps = EPS_END + (EPS_START - EPS_END) * math.exp(-self.episodes[i] / EPS_DECAY)
        if self.rng.random() < eps:
            return int(self.rng.integers(ACTIONS))
        with torch.no_grad():
            x = torch.from_numpy(self.obs[i]).unsqueeze(0)
            logits = ALPHA * self.h(x) + BETA * self.f[i](x)
            probs = torch.softmax(logits, dim=1)
        return int(torch.multinomial(probs, 1).item())

    def soft_q_update(self, i):
        s, a, r, s2, done, _ = self.replay[i].sample(self.rng, BATCH)
        s, a, r = torch.from_numpy(s), torch.from_numpy(a), torch.from_numpy(r)
        s2, done = torch.from_numpy(s2), torch.from_numpy(done)
        with torch.no_grad():
            log_pi0 = F.log_softmax(self.h(s2), dim=1)
            v_next = torch.logsumexp(ALPHA * log_pi0 + BETA * self.f[i](s2), dim=1) / BETA
            target = r + GAMMA * (1.0 - done) * v_next
        q = self.f[i](s).gather(1, a.unsqueeze(1)).squeeze(1)
        loss = F.mse_loss(q, target)
        self.f_opt[i].zero_grad()
        loss.backward()
        for p in self.f[i].parameters():
            p.grad.data.clamp_(-CLAMP, CLAMP)
        self.f_opt[i].step()
        self.task_updates += 1

    def distill_update(self):
        """-(alpha/beta) sum_i mean gamma^t log pi_0(a|s), all tasks stacked in one batch."""
        xs, acts, weights = [], [], []
        for rep in self.replay:
            m = min(BATCH, rep.count)
            if m == 0:
                continue
            s, a, _, _, _, t = rep.sample(self.rng, m)
            xs.append(s)
            acts.append(a)
            weights.append(np.power(GAMMA, t).astype(np.float32) / m)
        x = torch.from_numpy(np.concatenate(xs))
        a = torch.from_numpy(np.concatenate(acts))
        w = torch.from_numpy(np.concatenate(weights))
        log_pi0 = F.log_softmax(self.h(x), dim=1).gather(1, a.unsqueeze(1)).squeeze(1)
        loss = -(ALPHA / BETA) * (w * log_pi0).sum()
        self.h_opt.zero_grad()
        loss.backward()
        for p in self.h.parameters():
            p.grad.data.clamp_(-CLAMP, CLAMP)
        self.h_opt.step()
        self.distill_updates += 1

    def round(self):
        for i, env in enumerate(self.envs):
            if self.obs[i] is None:
                self.obs[i], self.t[i] = env.reset(), 0
            action = self.act(i)
            s2, reward, terminated = env.step(action)
            self.replay[i].push(self.obs[i], action, reward, s2, terminated, self.t[i])
            self.env_steps += 1
            self.t[i] += 1
            truncated = not terminated and self.t[i] >= MAX_STEPS
            self.obs[i] = s2
            if self.replay[i].count >= BATCH:
                self.soft_q_update(i)
            if terminated or truncated:
                self.obs[i] = None
                self.episodes[i] += 1
        self.distill_update()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=BATCH)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    if args.rounds < 1 or args.warmup < BATCH:
        parser.error(f"need --rounds >= 1 and --warmup >= {BATCH} (the replay must hold a batch)")
    torch.set_num_threads(args.threads)

    agent = Distral2ColSql([GridWorld(PLANS[k]) for k in (4, 5, 6, 7, 8)], args.seed)
    for _ in range(args.warmup):
        agent.round()
    steps0, updates0, distill0 = agent.env_steps, agent.task_updates, agent.distill_updates
    cpu_start, start = time.process_time(), time.perf_counter()
    for _ in range(args.rounds):
        agent.round()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    env_steps = agent.env_steps - steps0
    print(json.dumps({
        "implementation": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "tasks": len(agent.envs),
        "batch": BATCH,
        "warmup_rounds": args.warmup,
        "rounds": args.rounds,
        "env_steps": env_steps,
        "task_updates": agent.task_updates - updates0,
        "distill_updates": agent.distill_updates - distill0,
        "seconds": round(seconds, 6),
        "steps_per_second": round(env_steps / seconds, 3),
        "cpu_seconds": round(cpu_seconds, 6),
        "steps_per_cpu_second": round(env_steps / max(cpu_seconds, 1e-9), 3),
        "episodes": sum(agent.episodes),
    }))


if __name__ == "__main__":
    main()
