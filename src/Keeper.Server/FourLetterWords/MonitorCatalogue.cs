namespace Keeper.Server.FourLetterWords;

/// <summary>
/// The metric names Apache ZooKeeper 3.8's <c>mntr</c> prints besides the gauges (from <c>ServerMetrics</c>), in
/// the order a live 3.8 standalone server printed them. Dashboards and exporters look for these keys, so every one
/// is printed, as 0 when the server has no value for it (as a fresh ZooKeeper does).
/// </summary>
internal static class MonitorCatalogue
{
    /// <summary>Counters: one line each, <c>zk_&lt;name&gt;</c>.</summary>
    public static readonly string[] Counters =
    [
        "proposal_count", "watch_bytes", "outstanding_changes_removed", "throttled_ops", "stale_requests_dropped",
        "large_requests_rejected", "insecure_admin_count", "connection_rejected",
        "cnxn_closed_without_zk_server_running", "sessionless_connections_expired", "looking_count",
        "dead_watchers_queued", "stale_requests", "connection_drop_count", "learner_proposal_received_count",
        "digest_mismatches_count", "dead_watchers_cleared", "response_packet_cache_hits", "bytes_received_count",
        "add_dead_watcher_stall_time", "request_throttle_wait_count", "requests_not_forwarded_to_commit_processor",
        "response_packet_cache_misses", "ensemble_auth_success", "prep_processor_request_queued",
        "learner_commit_received_count", "stale_replies", "connection_request_count", "response_bytes",
        "ensemble_auth_fail", "diff_count", "response_packet_get_children_cache_misses",
        "connection_revalidate_count", "quit_leading_due_to_disloyal_voter", "snap_count",
        "unrecoverable_error_count", "unsuccessful_handshake", "commit_count", "stale_sessions_expired",
        "response_packet_get_children_cache_hits", "sync_processor_request_queued", "outstanding_changes_queued",
        "request_commit_queued", "ensemble_auth_skip", "skip_learner_request_to_next_processor_count",
        "tls_handshake_exceeded", "revalidate_count",
    ];

    /// <summary>
    /// Summaries: <c>avg_/min_/max_/cnt_/sum_</c> lines each; those marked with percentiles (ZooKeeper's ADVANCED
    /// detail level) add <c>p50_/p95_/p99_/p999_</c>.
    /// </summary>
    public static readonly (string Name, bool Percentiles)[] Summaries =
    [
        ("socket_closing_time", false), ("proposal_process_time", false), ("leader_unavailable_time", false),
        ("node_created_watch_count", false), ("session_queues_drained", false),
        ("write_commit_proc_req_queued", false), ("connection_token_deficit", false),
        ("read_commit_proc_req_queued", false), ("node_deleted_watch_count", false),
        ("startup_txns_load_time", false), ("sync_processor_queue_size", false), ("follower_sync_time", false),
        ("prep_processor_queue_size", false), ("fsynctime", false), ("inflight_snap_count", false),
        ("reads_issued_from_session_queue", false), ("learner_request_processor_queue_size", false),
        ("snapshottime", false), ("unavailable_time", false), ("startup_txns_loaded", false),
        ("reads_after_write_in_session_queue", false), ("requests_in_session_queue", false),
        ("write_commit_proc_issued", false), ("prep_process_time", false), ("pending_session_queue_size", false),
        ("time_waiting_empty_pool_in_commit_processor_read_ms", false), ("commit_process_time", false),
        ("dbinittime", false), ("inflight_diff_count", false), ("netty_queued_buffer_capacity", false),
        ("election_time", false), ("commit_commit_proc_req_queued", false), ("sync_processor_batch_size", false),
        ("node_children_watch_count", false), ("write_batch_time_in_commit_processor", false),
        ("read_commit_proc_issued", false), ("concurrent_request_processing_in_commit_processor", false),
        ("observer_sync_time", false), ("node_changed_watch_count", false), ("sync_process_time", false),
        ("startup_snap_load_time", false), ("prep_processor_queue_time_ms", true), ("jvm_pause_time_ms", true),
        ("close_session_prep_time", true), ("read_commitproc_time_ms", true), ("updatelatency", true),
        ("local_write_committed_time_ms", true), ("request_throttle_queue_time_ms", true), ("readlatency", true),
        ("quorum_ack_latency", true), ("om_commit_process_time_ms", true), ("read_final_proc_time_ms", true),
        ("commit_propagation_latency", true), ("dead_watchers_cleaner_latency", true),
        ("write_final_proc_time_ms", true), ("proposal_ack_creation_latency", true), ("proposal_latency", true),
        ("om_proposal_process_time_ms", true), ("sync_processor_queue_and_flush_time_ms", true),
        ("propagation_latency", true), ("server_write_committed_time_ms", true),
        ("sync_processor_queue_time_ms", true), ("sync_processor_queue_flush_time_ms", true),
        ("write_commitproc_time_ms", true),
    ];
}
