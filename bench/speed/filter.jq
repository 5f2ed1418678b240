# Peer (a) with jq: the three predicates; jq re-serialises each kept record (-c), it cannot copy bytes.
select((.spans | length) >= 3 and any(.spans[]; .exit_code != 0) and .metadata.dataset == "mbpp")
