#!/bin/bash
# usage: run_python.sh REF DATA SIDPKL OUT SEED ITERATIONS
# The released train_ddpg.py (scratch copy REF patched as ../../../shared/docs/reference-run.md says, released TD mask
# kept) with the values of train_sid_rl4rs.sh, on DATA's URM (DATA/out/env, from train_env.py) and SIDPKL (from
# build_codebook.py + build_item2sid.py on DATA's train file). One intra-op thread. Report: OUT/model.report.
REF=$1; D=$2; SID=$3; O=$4; SEED=$5; N=$6
mkdir -p "$O"
cd "$REF"
OMP_NUM_THREADS=1 /usr/bin/python3 train_ddpg.py --env_class RL4RSEnvironment_GPU --policy_class SIDPolicy_credit \
 --critic_class Token_Critic --agent_class A2C_SID_rl4rs --facade_class SIDFacade_credit --seed "$SEED" --cuda -1 \
 --env_path "$D/out/env/urm.env" --max_step_per_episode 20 --initial_temper 20 --temper_sweet_point 0.9 \
 --reward_func mean_with_cost --urm_log_path "$D/out/env/log/urm.model.log" --sasrec_n_layer 2 --sasrec_d_model 32 \
 --sasrec_n_head 4 --sasrec_dropout 0.1 --critic_hidden_dims 256 64 --slate_size 9 --buffer_size 100000 \
 --start_timestamp 2000 --noise_var 0.01 --empty_start_rate 0 --save_path "$O/model" --episode_batch_size 32 \
 --batch_size 64 --actor_lr 0.001 --critic_lr 0.001 --actor_decay 0.00001 --critic_decay 0.00001 \
 --target_mitigate_coef 0.01 --advantage_bias 0 --entropy_coef 0.1 --gamma 0.9 --n_iter "$N" \
 --initial_greedy_epsilon 0 --final_greedy_epsilon 0 --elbow_greedy 0.5 --check_episode 10 --topk_rate 1 \
 --item2sid "$SID" > "$O/log" 2> "$O/err"
