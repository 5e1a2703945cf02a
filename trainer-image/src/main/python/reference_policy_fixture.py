#!/usr/bin/env python3
"""The reference's policy, critic and A2C losses on one fixed minibatch, as a JSON fixture for the port's parity test.

usage: reference_policy_fixture.py <reference checkout> OUT.json [--seed N]

Builds the released SIDPolicy_credit and Token_Critic at small sizes (item dim 6, history 5, d_model 8, 2 heads,
2 layers, d_ff 16, 3 levels of 16 tokens, critic 8-4), in eval mode (dropout off, so the numbers are deterministic),
and evaluates A2C_SID_credit_train.get_a2c_loss's arithmetic on a random minibatch (γ = 0.9, the released TD mask
`done`, targets equal to the networks, β = 0.1): level logits, contexts, V(s), V(s'), Q, both losses, the
advantage, the entropy term and the actor loss's gradient at some parameters. Writes every state-dict tensor
(flattened, by its name, policy and critic), the inputs and these outputs to OUT.json.
"""
import argparse
import json
import sys
from argparse import Namespace

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    sys.path.insert(0, a.reference)
    from model.policy.SIDPolicy_credit import SIDPolicy_credit
    from model.critic.Token_Critic import Token_Critic

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    item_dim, hist, m, k, levels, vocab = 6, 5, 3, 4, 3, 16
    env = Namespace(action_space={'item_id': ('nominal', 20), 'item_feature': ('continuous', item_dim, 'normal')},
                    observation_space={'history': ('sequence', hist, ('continuous', item_dim))})
    args = Namespace(sasrec_n_layer=2, sasrec_d_model=8, sasrec_d_forward=16, sasrec_n_head=2, sasrec_dropout=0.1,
                     sid_levels=levels, sid_vocab_sizes=vocab, sid_temp=1.0, critic_hidden_dims=[8, 4],
                     critic_dropout_rate=0.2)
    actor = SIDPolicy_credit(args, env)
    critic = Token_Critic(args, env, actor)
    actor.eval()
    critic.eval()

    x = torch.randn(m, hist, item_dim)
    x[0, :2] = 0  # padded positions, as the environment gives them
    x_next = torch.randn(m, hist, item_dim)
    tokens = torch.randint(0, vocab, (m, k, levels))
    reward = torch.rand(m)
    done = torch.tensor([True, False, True])
    gamma, beta = 0.9, 0.1

    with torch.no_grad():
        nxt = actor({'history_features': x_next})
        v_next = critic({'context_list': nxt['context_list']})['v_seq'].mean(dim=1)
        q = reward + gamma * (done * v_next)
    out = actor({'history_features': x})
    v = critic({'context_list': out['context_list']})['v_seq'].mean(dim=1)
    critic_loss = F.mse_loss(v, q)
    probs = [torch.softmax(lg, dim=-1) for lg in out['sid_logits']]
    flat = tokens.view(m * k, levels)
    nll = 0.0
    neg_entropy = 0.0
    for l in range(levels):
        p = probs[l].repeat_interleave(k, dim=0)
        nll = nll + (-torch.log(torch.gather(p, 1, flat[:, l].view(-1, 1)) + 1e-12).squeeze(1))
        neg_entropy = neg_entropy + (probs[l] * torch.log(probs[l] + 1e-12)).sum(dim=-1).mean()
    nll = nll.view(m, k).mean(dim=1)
    advantage = torch.clamp(q - v.detach(), -1, 1)
    actor_loss = (nll * advantage).mean() + beta * neg_entropy
    actor.zero_grad()
    actor_loss.backward()
    grads = {n: p.grad.reshape(-1).tolist() for n, p in actor.named_parameters()
             if n in ("sid_heads.0.weight", "sid_token_embeds.1.weight", "item_map.weight",
                      "transformer.layers.0.self_attn.in_proj_weight")}

    fixture = {
        "sizes": {"itemDim": item_dim, "history": hist, "batch": m, "slate": k, "levels": levels, "vocabulary": vocab,
                  "dModel": 8, "heads": 2, "layers": 2, "feedForward": 16, "criticHidden": [8, 4], "gamma": gamma,
                  "entropyCoef": beta},
        "actor": {n: t.reshape(-1).tolist() for n, t in actor.state_dict().items()},
        "critic": {n: t.reshape(-1).tolist() for n, t in critic.state_dict().items()},
        "inputs": {"history": x.reshape(-1).tolist(), "nextHistory": x_next.reshape(-1).tolist(),
                   "tokens": tokens.reshape(-1).tolist(), "reward": reward.tolist(), "done": done.tolist()},
        "expected": {"logits": [lg.detach().reshape(-1).tolist() for lg in out['sid_logits']],
                     "contexts": out['context_list'].detach().reshape(-1).tolist(),
                     "value": v.detach().tolist(), "nextValue": v_next.tolist(), "q": q.tolist(),
                     "criticLoss": critic_loss.item(), "advantage": advantage.tolist(),
                     "actorLoss": actor_loss.item(), "negEntropy": neg_entropy.item(), "actorGradients": grads},
    }
    with open(a.out, "w") as f:
        json.dump(fixture, f)


if __name__ == "__main__":
    main()
