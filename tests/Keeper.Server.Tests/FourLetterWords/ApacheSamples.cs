namespace Keeper.Server.Tests.FourLetterWords;

/// <summary>
/// Outputs captured from Apache ZooKeeper 3.8.0 (Debian's package, Java 17) with <c>printf WORD | nc</c>:
/// a standalone server with <c>tickTime=2000</c> and <c>4lw.commands.whitelist=*</c>, fresh and then with two kazoo
/// sessions, and a 3-server ensemble on 127.0.0.1. Kept verbatim; the tests build snapshots with the same values.
/// </summary>
internal static class ApacheSamples
{
    /// <summary>srvr on a fresh standalone server.</summary>
    public const string FreshSrvr =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/0.0/0
        Received: 2
        Sent: 1
        Connections: 1
        Outstanding: 0
        Zxid: 0x0
        Mode: standalone
        Node count: 5
        """ + "\n";

    /// <summary>stat on a fresh standalone server.</summary>
    public const string FreshStat =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Clients:
         /127.0.0.1:60010[0](queued=0,recved=1,sent=0)

        Latency min/avg/max: 0/0.0/0
        Received: 3
        Sent: 2
        Connections: 1
        Outstanding: 0
        Zxid: 0x0
        Mode: standalone
        Node count: 5
        """ + "\n";

    /// <summary>cons on a fresh standalone server.</summary>
    public const string FreshCons =
        """
         /127.0.0.1:60026[0](queued=0,recved=1,sent=0)

        """ + "\n";

    /// <summary>conf on the standalone server (tickTime=2000).</summary>
    public const string FreshConf =
        """
        clientPort=59705
        secureClientPort=-1
        dataDir=/tmp/zk4lw/data/version-2
        dataDirSize=457
        dataLogDir=/tmp/zk4lw/data/version-2
        dataLogSize=457
        tickTime=2000
        maxClientCnxns=60
        minSessionTimeout=4000
        maxSessionTimeout=40000
        clientPortListenBacklog=-1
        serverId=0
        """ + "\n";

    /// <summary>dump on a fresh standalone server.</summary>
    public const string FreshDump =
        """
        SessionTracker dump:
        Session Sets (0)/(0):
        ephemeral nodes dump:
        Sessions with Ephemerals (0):
        Connections dump:
        Connections Sets (2)/(1):
        0 expire at Tue Nov 24 05:40:22 UTC 2026:
        1 expire at Tue Nov 24 05:40:32 UTC 2026:
        	ip: /127.0.0.1:48796 sessionId: 0x0
        """ + "\n";

    /// <summary>wchs with no watches.</summary>
    public const string FreshWchs =
        """
        0 connections watching 0 paths
        Total watches:0
        """ + "\n";

    /// <summary>wchc with no watches.</summary>
    public const string FreshWchc =
        """

        """ + "\n";

    /// <summary>dirs on a fresh standalone server.</summary>
    public const string FreshDirs =
        """
        datadir_size: 457
        logdir_size: 457
        """ + "\n";

    /// <summary>envi on the standalone server (Java 17, Debian).</summary>
    public const string Envi =
        """
        Environment:
        zookeeper.version=3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        host.name=localhost
        java.version=17.0.15
        java.vendor=Debian
        java.home=/usr/lib/jvm/java-17-openjdk-amd64
        java.class.path=/tmp/zk4lw/conf:/usr/share/java/zookeeper.jar:/usr/share/java/zookeeper-jute.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar:/usr/share/java/metrics-core.jar:/usr/share/java/netty-all.jar:/usr/share/java/snappy-java.jar:/usr/share/java/commons-cli.jar
        java.library.path=/usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib
        java.io.tmpdir=/tmp
        java.compiler=<NA>
        os.name=Linux
        os.arch=amd64
        os.version=6.18.44-fc-v782
        user.name=root
        user.home=/root
        user.dir=/tmp/zk4lw
        os.memory.free=378MB
        os.memory.max=6028MB
        os.memory.total=388MB
        """ + "\n";

    /// <summary>mntr on a fresh standalone server, all 485 lines.</summary>
    public const string FreshMntr =
        """
        zk_version	3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        zk_server_state	standalone
        zk_ephemerals_count	0
        zk_num_alive_connections	1
        zk_avg_latency	0.0
        zk_outstanding_requests	0
        zk_znode_count	5
        zk_global_sessions	0
        zk_non_mtls_remote_conn_count	0
        zk_last_client_response_size	-1
        zk_packets_sent	10
        zk_packets_received	11
        zk_max_client_response_size	-1
        zk_connection_drop_probability	0.0
        zk_watch_count	0
        zk_auth_failed_count	0
        zk_min_latency	0
        zk_max_file_descriptor_count	20000
        zk_approximate_data_size	44
        zk_open_file_descriptor_count	41
        zk_local_sessions	0
        zk_uptime	24224
        zk_max_latency	0
        zk_outstanding_tls_handshake	0
        zk_min_client_response_size	-1
        zk_non_mtls_local_conn_count	0
        zk_proposal_count	0
        zk_watch_bytes	0
        zk_outstanding_changes_removed	0
        zk_throttled_ops	0
        zk_stale_requests_dropped	0
        zk_large_requests_rejected	0
        zk_insecure_admin_count	0
        zk_connection_rejected	0
        zk_cnxn_closed_without_zk_server_running	0
        zk_sessionless_connections_expired	0
        zk_looking_count	0
        zk_dead_watchers_queued	0
        zk_stale_requests	0
        zk_connection_drop_count	0
        zk_learner_proposal_received_count	0
        zk_digest_mismatches_count	0
        zk_dead_watchers_cleared	0
        zk_response_packet_cache_hits	0
        zk_bytes_received_count	44
        zk_add_dead_watcher_stall_time	0
        zk_request_throttle_wait_count	0
        zk_requests_not_forwarded_to_commit_processor	0
        zk_response_packet_cache_misses	0
        zk_ensemble_auth_success	0
        zk_prep_processor_request_queued	0
        zk_learner_commit_received_count	0
        zk_stale_replies	0
        zk_connection_request_count	0
        zk_response_bytes	0
        zk_ensemble_auth_fail	0
        zk_diff_count	0
        zk_response_packet_get_children_cache_misses	0
        zk_connection_revalidate_count	0
        zk_quit_leading_due_to_disloyal_voter	0
        zk_snap_count	0
        zk_unrecoverable_error_count	0
        zk_unsuccessful_handshake	0
        zk_commit_count	0
        zk_stale_sessions_expired	0
        zk_response_packet_get_children_cache_hits	0
        zk_sync_processor_request_queued	0
        zk_outstanding_changes_queued	0
        zk_request_commit_queued	0
        zk_ensemble_auth_skip	0
        zk_skip_learner_request_to_next_processor_count	0
        zk_tls_handshake_exceeded	0
        zk_revalidate_count	0
        zk_avg_socket_closing_time	0.0
        zk_min_socket_closing_time	0
        zk_max_socket_closing_time	0
        zk_cnt_socket_closing_time	0
        zk_sum_socket_closing_time	0
        zk_avg_proposal_process_time	0.0
        zk_min_proposal_process_time	0
        zk_max_proposal_process_time	0
        zk_cnt_proposal_process_time	0
        zk_sum_proposal_process_time	0
        zk_avg_leader_unavailable_time	0.0
        zk_min_leader_unavailable_time	0
        zk_max_leader_unavailable_time	0
        zk_cnt_leader_unavailable_time	0
        zk_sum_leader_unavailable_time	0
        zk_avg_node_created_watch_count	0.0
        zk_min_node_created_watch_count	0
        zk_max_node_created_watch_count	0
        zk_cnt_node_created_watch_count	0
        zk_sum_node_created_watch_count	0
        zk_avg_session_queues_drained	0.0
        zk_min_session_queues_drained	0
        zk_max_session_queues_drained	0
        zk_cnt_session_queues_drained	0
        zk_sum_session_queues_drained	0
        zk_avg_write_commit_proc_req_queued	0.0
        zk_min_write_commit_proc_req_queued	0
        zk_max_write_commit_proc_req_queued	0
        zk_cnt_write_commit_proc_req_queued	0
        zk_sum_write_commit_proc_req_queued	0
        zk_avg_connection_token_deficit	0.0
        zk_min_connection_token_deficit	0
        zk_max_connection_token_deficit	0
        zk_cnt_connection_token_deficit	0
        zk_sum_connection_token_deficit	0
        zk_avg_read_commit_proc_req_queued	0.0
        zk_min_read_commit_proc_req_queued	0
        zk_max_read_commit_proc_req_queued	0
        zk_cnt_read_commit_proc_req_queued	0
        zk_sum_read_commit_proc_req_queued	0
        zk_avg_node_deleted_watch_count	0.0
        zk_min_node_deleted_watch_count	0
        zk_max_node_deleted_watch_count	0
        zk_cnt_node_deleted_watch_count	0
        zk_sum_node_deleted_watch_count	0
        zk_avg_startup_txns_load_time	0.0
        zk_min_startup_txns_load_time	0
        zk_max_startup_txns_load_time	0
        zk_cnt_startup_txns_load_time	0
        zk_sum_startup_txns_load_time	0
        zk_avg_sync_processor_queue_size	0.0
        zk_min_sync_processor_queue_size	0
        zk_max_sync_processor_queue_size	0
        zk_cnt_sync_processor_queue_size	1
        zk_sum_sync_processor_queue_size	0
        zk_avg_follower_sync_time	0.0
        zk_min_follower_sync_time	0
        zk_max_follower_sync_time	0
        zk_cnt_follower_sync_time	0
        zk_sum_follower_sync_time	0
        zk_avg_prep_processor_queue_size	0.0
        zk_min_prep_processor_queue_size	0
        zk_max_prep_processor_queue_size	0
        zk_cnt_prep_processor_queue_size	1
        zk_sum_prep_processor_queue_size	0
        zk_avg_fsynctime	0.0
        zk_min_fsynctime	0
        zk_max_fsynctime	0
        zk_cnt_fsynctime	0
        zk_sum_fsynctime	0
        zk_avg_inflight_snap_count	0.0
        zk_min_inflight_snap_count	0
        zk_max_inflight_snap_count	0
        zk_cnt_inflight_snap_count	0
        zk_sum_inflight_snap_count	0
        zk_avg_reads_issued_from_session_queue	0.0
        zk_min_reads_issued_from_session_queue	0
        zk_max_reads_issued_from_session_queue	0
        zk_cnt_reads_issued_from_session_queue	0
        zk_sum_reads_issued_from_session_queue	0
        zk_avg_learner_request_processor_queue_size	0.0
        zk_min_learner_request_processor_queue_size	0
        zk_max_learner_request_processor_queue_size	0
        zk_cnt_learner_request_processor_queue_size	0
        zk_sum_learner_request_processor_queue_size	0
        zk_avg_snapshottime	1.0
        zk_min_snapshottime	1
        zk_max_snapshottime	1
        zk_cnt_snapshottime	1
        zk_sum_snapshottime	1
        zk_avg_unavailable_time	0.0
        zk_min_unavailable_time	0
        zk_max_unavailable_time	0
        zk_cnt_unavailable_time	0
        zk_sum_unavailable_time	0
        zk_avg_startup_txns_loaded	0.0
        zk_min_startup_txns_loaded	0
        zk_max_startup_txns_loaded	0
        zk_cnt_startup_txns_loaded	0
        zk_sum_startup_txns_loaded	0
        zk_avg_reads_after_write_in_session_queue	0.0
        zk_min_reads_after_write_in_session_queue	0
        zk_max_reads_after_write_in_session_queue	0
        zk_cnt_reads_after_write_in_session_queue	0
        zk_sum_reads_after_write_in_session_queue	0
        zk_avg_requests_in_session_queue	0.0
        zk_min_requests_in_session_queue	0
        zk_max_requests_in_session_queue	0
        zk_cnt_requests_in_session_queue	0
        zk_sum_requests_in_session_queue	0
        zk_avg_write_commit_proc_issued	0.0
        zk_min_write_commit_proc_issued	0
        zk_max_write_commit_proc_issued	0
        zk_cnt_write_commit_proc_issued	0
        zk_sum_write_commit_proc_issued	0
        zk_avg_prep_process_time	0.0
        zk_min_prep_process_time	0
        zk_max_prep_process_time	0
        zk_cnt_prep_process_time	0
        zk_sum_prep_process_time	0
        zk_avg_pending_session_queue_size	0.0
        zk_min_pending_session_queue_size	0
        zk_max_pending_session_queue_size	0
        zk_cnt_pending_session_queue_size	0
        zk_sum_pending_session_queue_size	0
        zk_avg_time_waiting_empty_pool_in_commit_processor_read_ms	0.0
        zk_min_time_waiting_empty_pool_in_commit_processor_read_ms	0
        zk_max_time_waiting_empty_pool_in_commit_processor_read_ms	0
        zk_cnt_time_waiting_empty_pool_in_commit_processor_read_ms	0
        zk_sum_time_waiting_empty_pool_in_commit_processor_read_ms	0
        zk_avg_commit_process_time	0.0
        zk_min_commit_process_time	0
        zk_max_commit_process_time	0
        zk_cnt_commit_process_time	0
        zk_sum_commit_process_time	0
        zk_avg_dbinittime	10.0
        zk_min_dbinittime	10
        zk_max_dbinittime	10
        zk_cnt_dbinittime	1
        zk_sum_dbinittime	10
        zk_avg_inflight_diff_count	0.0
        zk_min_inflight_diff_count	0
        zk_max_inflight_diff_count	0
        zk_cnt_inflight_diff_count	0
        zk_sum_inflight_diff_count	0
        zk_avg_netty_queued_buffer_capacity	0.0
        zk_min_netty_queued_buffer_capacity	0
        zk_max_netty_queued_buffer_capacity	0
        zk_cnt_netty_queued_buffer_capacity	0
        zk_sum_netty_queued_buffer_capacity	0
        zk_avg_election_time	0.0
        zk_min_election_time	0
        zk_max_election_time	0
        zk_cnt_election_time	0
        zk_sum_election_time	0
        zk_avg_commit_commit_proc_req_queued	0.0
        zk_min_commit_commit_proc_req_queued	0
        zk_max_commit_commit_proc_req_queued	0
        zk_cnt_commit_commit_proc_req_queued	0
        zk_sum_commit_commit_proc_req_queued	0
        zk_avg_sync_processor_batch_size	0.0
        zk_min_sync_processor_batch_size	0
        zk_max_sync_processor_batch_size	0
        zk_cnt_sync_processor_batch_size	0
        zk_sum_sync_processor_batch_size	0
        zk_avg_node_children_watch_count	0.0
        zk_min_node_children_watch_count	0
        zk_max_node_children_watch_count	0
        zk_cnt_node_children_watch_count	0
        zk_sum_node_children_watch_count	0
        zk_avg_write_batch_time_in_commit_processor	0.0
        zk_min_write_batch_time_in_commit_processor	0
        zk_max_write_batch_time_in_commit_processor	0
        zk_cnt_write_batch_time_in_commit_processor	0
        zk_sum_write_batch_time_in_commit_processor	0
        zk_avg_read_commit_proc_issued	0.0
        zk_min_read_commit_proc_issued	0
        zk_max_read_commit_proc_issued	0
        zk_cnt_read_commit_proc_issued	0
        zk_sum_read_commit_proc_issued	0
        zk_avg_concurrent_request_processing_in_commit_processor	0.0
        zk_min_concurrent_request_processing_in_commit_processor	0
        zk_max_concurrent_request_processing_in_commit_processor	0
        zk_cnt_concurrent_request_processing_in_commit_processor	0
        zk_sum_concurrent_request_processing_in_commit_processor	0
        zk_avg_observer_sync_time	0.0
        zk_min_observer_sync_time	0
        zk_max_observer_sync_time	0
        zk_cnt_observer_sync_time	0
        zk_sum_observer_sync_time	0
        zk_avg_node_changed_watch_count	0.0
        zk_min_node_changed_watch_count	0
        zk_max_node_changed_watch_count	0
        zk_cnt_node_changed_watch_count	0
        zk_sum_node_changed_watch_count	0
        zk_avg_sync_process_time	0.0
        zk_min_sync_process_time	0
        zk_max_sync_process_time	0
        zk_cnt_sync_process_time	0
        zk_sum_sync_process_time	0
        zk_avg_startup_snap_load_time	1.0
        zk_min_startup_snap_load_time	1
        zk_max_startup_snap_load_time	1
        zk_cnt_startup_snap_load_time	1
        zk_sum_startup_snap_load_time	1
        zk_avg_prep_processor_queue_time_ms	0.0
        zk_min_prep_processor_queue_time_ms	0
        zk_max_prep_processor_queue_time_ms	0
        zk_cnt_prep_processor_queue_time_ms	0
        zk_sum_prep_processor_queue_time_ms	0
        zk_p50_prep_processor_queue_time_ms	0
        zk_p95_prep_processor_queue_time_ms	0
        zk_p99_prep_processor_queue_time_ms	0
        zk_p999_prep_processor_queue_time_ms	0
        zk_avg_jvm_pause_time_ms	0.0
        zk_min_jvm_pause_time_ms	0
        zk_max_jvm_pause_time_ms	0
        zk_cnt_jvm_pause_time_ms	0
        zk_sum_jvm_pause_time_ms	0
        zk_p50_jvm_pause_time_ms	0
        zk_p95_jvm_pause_time_ms	0
        zk_p99_jvm_pause_time_ms	0
        zk_p999_jvm_pause_time_ms	0
        zk_avg_close_session_prep_time	0.0
        zk_min_close_session_prep_time	0
        zk_max_close_session_prep_time	0
        zk_cnt_close_session_prep_time	0
        zk_sum_close_session_prep_time	0
        zk_p50_close_session_prep_time	0
        zk_p95_close_session_prep_time	0
        zk_p99_close_session_prep_time	0
        zk_p999_close_session_prep_time	0
        zk_avg_read_commitproc_time_ms	0.0
        zk_min_read_commitproc_time_ms	0
        zk_max_read_commitproc_time_ms	0
        zk_cnt_read_commitproc_time_ms	0
        zk_sum_read_commitproc_time_ms	0
        zk_p50_read_commitproc_time_ms	0
        zk_p95_read_commitproc_time_ms	0
        zk_p99_read_commitproc_time_ms	0
        zk_p999_read_commitproc_time_ms	0
        zk_avg_updatelatency	0.0
        zk_min_updatelatency	0
        zk_max_updatelatency	0
        zk_cnt_updatelatency	0
        zk_sum_updatelatency	0
        zk_p50_updatelatency	0
        zk_p95_updatelatency	0
        zk_p99_updatelatency	0
        zk_p999_updatelatency	0
        zk_avg_local_write_committed_time_ms	0.0
        zk_min_local_write_committed_time_ms	0
        zk_max_local_write_committed_time_ms	0
        zk_cnt_local_write_committed_time_ms	0
        zk_sum_local_write_committed_time_ms	0
        zk_p50_local_write_committed_time_ms	0
        zk_p95_local_write_committed_time_ms	0
        zk_p99_local_write_committed_time_ms	0
        zk_p999_local_write_committed_time_ms	0
        zk_avg_request_throttle_queue_time_ms	0.0
        zk_min_request_throttle_queue_time_ms	0
        zk_max_request_throttle_queue_time_ms	0
        zk_cnt_request_throttle_queue_time_ms	0
        zk_sum_request_throttle_queue_time_ms	0
        zk_p50_request_throttle_queue_time_ms	0
        zk_p95_request_throttle_queue_time_ms	0
        zk_p99_request_throttle_queue_time_ms	0
        zk_p999_request_throttle_queue_time_ms	0
        zk_avg_readlatency	0.0
        zk_min_readlatency	0
        zk_max_readlatency	0
        zk_cnt_readlatency	0
        zk_sum_readlatency	0
        zk_p50_readlatency	0
        zk_p95_readlatency	0
        zk_p99_readlatency	0
        zk_p999_readlatency	0
        zk_avg_quorum_ack_latency	0.0
        zk_min_quorum_ack_latency	0
        zk_max_quorum_ack_latency	0
        zk_cnt_quorum_ack_latency	0
        zk_sum_quorum_ack_latency	0
        zk_p50_quorum_ack_latency	0
        zk_p95_quorum_ack_latency	0
        zk_p99_quorum_ack_latency	0
        zk_p999_quorum_ack_latency	0
        zk_avg_om_commit_process_time_ms	0.0
        zk_min_om_commit_process_time_ms	0
        zk_max_om_commit_process_time_ms	0
        zk_cnt_om_commit_process_time_ms	0
        zk_sum_om_commit_process_time_ms	0
        zk_p50_om_commit_process_time_ms	0
        zk_p95_om_commit_process_time_ms	0
        zk_p99_om_commit_process_time_ms	0
        zk_p999_om_commit_process_time_ms	0
        zk_avg_read_final_proc_time_ms	0.0
        zk_min_read_final_proc_time_ms	0
        zk_max_read_final_proc_time_ms	0
        zk_cnt_read_final_proc_time_ms	0
        zk_sum_read_final_proc_time_ms	0
        zk_p50_read_final_proc_time_ms	0
        zk_p95_read_final_proc_time_ms	0
        zk_p99_read_final_proc_time_ms	0
        zk_p999_read_final_proc_time_ms	0
        zk_avg_commit_propagation_latency	0.0
        zk_min_commit_propagation_latency	0
        zk_max_commit_propagation_latency	0
        zk_cnt_commit_propagation_latency	0
        zk_sum_commit_propagation_latency	0
        zk_p50_commit_propagation_latency	0
        zk_p95_commit_propagation_latency	0
        zk_p99_commit_propagation_latency	0
        zk_p999_commit_propagation_latency	0
        zk_avg_dead_watchers_cleaner_latency	0.0
        zk_min_dead_watchers_cleaner_latency	0
        zk_max_dead_watchers_cleaner_latency	0
        zk_cnt_dead_watchers_cleaner_latency	0
        zk_sum_dead_watchers_cleaner_latency	0
        zk_p50_dead_watchers_cleaner_latency	0
        zk_p95_dead_watchers_cleaner_latency	0
        zk_p99_dead_watchers_cleaner_latency	0
        zk_p999_dead_watchers_cleaner_latency	0
        zk_avg_write_final_proc_time_ms	0.0
        zk_min_write_final_proc_time_ms	0
        zk_max_write_final_proc_time_ms	0
        zk_cnt_write_final_proc_time_ms	0
        zk_sum_write_final_proc_time_ms	0
        zk_p50_write_final_proc_time_ms	0
        zk_p95_write_final_proc_time_ms	0
        zk_p99_write_final_proc_time_ms	0
        zk_p999_write_final_proc_time_ms	0
        zk_avg_proposal_ack_creation_latency	0.0
        zk_min_proposal_ack_creation_latency	0
        zk_max_proposal_ack_creation_latency	0
        zk_cnt_proposal_ack_creation_latency	0
        zk_sum_proposal_ack_creation_latency	0
        zk_p50_proposal_ack_creation_latency	0
        zk_p95_proposal_ack_creation_latency	0
        zk_p99_proposal_ack_creation_latency	0
        zk_p999_proposal_ack_creation_latency	0
        zk_avg_proposal_latency	0.0
        zk_min_proposal_latency	0
        zk_max_proposal_latency	0
        zk_cnt_proposal_latency	0
        zk_sum_proposal_latency	0
        zk_p50_proposal_latency	0
        zk_p95_proposal_latency	0
        zk_p99_proposal_latency	0
        zk_p999_proposal_latency	0
        zk_avg_om_proposal_process_time_ms	0.0
        zk_min_om_proposal_process_time_ms	0
        zk_max_om_proposal_process_time_ms	0
        zk_cnt_om_proposal_process_time_ms	0
        zk_sum_om_proposal_process_time_ms	0
        zk_p50_om_proposal_process_time_ms	0
        zk_p95_om_proposal_process_time_ms	0
        zk_p99_om_proposal_process_time_ms	0
        zk_p999_om_proposal_process_time_ms	0
        zk_avg_sync_processor_queue_and_flush_time_ms	0.0
        zk_min_sync_processor_queue_and_flush_time_ms	0
        zk_max_sync_processor_queue_and_flush_time_ms	0
        zk_cnt_sync_processor_queue_and_flush_time_ms	0
        zk_sum_sync_processor_queue_and_flush_time_ms	0
        zk_p50_sync_processor_queue_and_flush_time_ms	0
        zk_p95_sync_processor_queue_and_flush_time_ms	0
        zk_p99_sync_processor_queue_and_flush_time_ms	0
        zk_p999_sync_processor_queue_and_flush_time_ms	0
        zk_avg_propagation_latency	0.0
        zk_min_propagation_latency	0
        zk_max_propagation_latency	0
        zk_cnt_propagation_latency	0
        zk_sum_propagation_latency	0
        zk_p50_propagation_latency	0
        zk_p95_propagation_latency	0
        zk_p99_propagation_latency	0
        zk_p999_propagation_latency	0
        zk_avg_server_write_committed_time_ms	0.0
        zk_min_server_write_committed_time_ms	0
        zk_max_server_write_committed_time_ms	0
        zk_cnt_server_write_committed_time_ms	0
        zk_sum_server_write_committed_time_ms	0
        zk_p50_server_write_committed_time_ms	0
        zk_p95_server_write_committed_time_ms	0
        zk_p99_server_write_committed_time_ms	0
        zk_p999_server_write_committed_time_ms	0
        zk_avg_sync_processor_queue_time_ms	0.0
        zk_min_sync_processor_queue_time_ms	0
        zk_max_sync_processor_queue_time_ms	0
        zk_cnt_sync_processor_queue_time_ms	0
        zk_sum_sync_processor_queue_time_ms	0
        zk_p50_sync_processor_queue_time_ms	0
        zk_p95_sync_processor_queue_time_ms	0
        zk_p99_sync_processor_queue_time_ms	0
        zk_p999_sync_processor_queue_time_ms	0
        zk_avg_sync_processor_queue_flush_time_ms	0.0
        zk_min_sync_processor_queue_flush_time_ms	0
        zk_max_sync_processor_queue_flush_time_ms	0
        zk_cnt_sync_processor_queue_flush_time_ms	0
        zk_sum_sync_processor_queue_flush_time_ms	0
        zk_p50_sync_processor_queue_flush_time_ms	0
        zk_p95_sync_processor_queue_flush_time_ms	0
        zk_p99_sync_processor_queue_flush_time_ms	0
        zk_p999_sync_processor_queue_flush_time_ms	0
        zk_avg_write_commitproc_time_ms	0.0
        zk_min_write_commitproc_time_ms	0
        zk_max_write_commitproc_time_ms	0
        zk_cnt_write_commitproc_time_ms	0
        zk_sum_write_commitproc_time_ms	0
        zk_p50_write_commitproc_time_ms	0
        zk_p95_write_commitproc_time_ms	0
        zk_p99_write_commitproc_time_ms	0
        zk_p999_write_commitproc_time_ms	0
        """ + "\n";

    /// <summary>srvr with two kazoo sessions.</summary>
    public const string BusySrvr =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/2.375/14
        Received: 32
        Sent: 32
        Connections: 3
        Outstanding: 0
        Zxid: 0x6
        Mode: standalone
        Node count: 9
        """ + "\n";

    /// <summary>stat with two kazoo sessions.</summary>
    public const string BusyStat =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Clients:
         /127.0.0.1:56702[1](queued=0,recved=13,sent=13)
         /127.0.0.1:56712[1](queued=0,recved=4,sent=4)
         /127.0.0.1:56720[0](queued=0,recved=1,sent=0)

        Latency min/avg/max: 0/2.2353/14
        Received: 34
        Sent: 34
        Connections: 3
        Outstanding: 0
        Zxid: 0x6
        Mode: standalone
        Node count: 9
        """ + "\n";

    /// <summary>cons with two kazoo sessions.</summary>
    public const string BusyCons =
        """
         /127.0.0.1:56702[1](queued=0,recved=14,sent=14,sid=0x100000635130000,lop=PING,est=1795498844707,to=10000,lcxid=0xb,lzxid=0x6,lresp=458293,llat=1,minlat=0,avglat=2,maxlat=14)
         /127.0.0.1:56712[1](queued=0,recved=5,sent=5,sid=0x100000635130001,lop=PING,est=1795498844735,to=20000,lcxid=0x3,lzxid=0x6,lresp=458461,llat=1,minlat=0,avglat=0,maxlat=1)
         /127.0.0.1:56726[0](queued=0,recved=1,sent=0)

        """ + "\n";

    /// <summary>dump with two kazoo sessions owning three ephemerals.</summary>
    public const string BusyDump =
        """
        SessionTracker dump:
        Session Sets (7)/(2):
        0 expire at Tue Nov 24 05:40:54 UTC 2026:
        0 expire at Tue Nov 24 05:40:56 UTC 2026:
        0 expire at Tue Nov 24 05:40:58 UTC 2026:
        1 expire at Tue Nov 24 05:41:02 UTC 2026:
        	0x100000635130000
        0 expire at Tue Nov 24 05:41:04 UTC 2026:
        0 expire at Tue Nov 24 05:41:06 UTC 2026:
        1 expire at Tue Nov 24 05:41:12 UTC 2026:
        	0x100000635130001
        ephemeral nodes dump:
        Sessions with Ephemerals (2):
        0x100000635130001:
        	/b-eph
        0x100000635130000:
        	/app/e1
        	/app/e2
        Connections dump:
        Connections Sets (2)/(3):
        1 expire at Tue Nov 24 05:41:02 UTC 2026:
        	ip: /127.0.0.1:56702 sessionId: 0x100000635130000
        2 expire at Tue Nov 24 05:41:12 UTC 2026:
        	ip: /127.0.0.1:56712 sessionId: 0x100000635130001
        	ip: /127.0.0.1:56736 sessionId: 0x0
        """ + "\n";

    /// <summary>wchs with four data watches.</summary>
    public const string BusyWchs =
        """
        2 connections watching 3 paths
        Total watches:4
        """ + "\n";

    /// <summary>wchc with four data watches.</summary>
    public const string BusyWchc =
        """
        0x100000635130000
        	/app
        	/nothere
        0x100000635130001
        	/app/e1
        	/app

        """ + "\n";

    /// <summary>wchp with four data watches.</summary>
    public const string BusyWchp =
        """
        /app/e1
        	0x100000635130001
        /app
        	0x100000635130000
        	0x100000635130001
        /nothere
        	0x100000635130000

        """ + "\n";

    /// <summary>conf on server 3 (leader) of a 3-server ensemble.</summary>
    public const string LeaderConf =
        """
        clientPort=58743
        secureClientPort=-1
        dataDir=/tmp/zk4lw/q/s3/data/version-2
        dataDirSize=67109493
        dataLogDir=/tmp/zk4lw/q/s3/data/version-2
        dataLogSize=67109493
        tickTime=2000
        maxClientCnxns=60
        minSessionTimeout=4000
        maxSessionTimeout=40000
        clientPortListenBacklog=-1
        serverId=3
        initLimit=10
        syncLimit=5
        electionAlg=3
        electionPort=47473
        quorumPort=43859
        peerType=0
        membership: 
        server.1=127.0.0.1:50197:59073:participant
        server.2=127.0.0.1:54143:37053:participant
        server.3=127.0.0.1:43859:47473:participant;127.0.0.1:58743
        version=0
        """;

    /// <summary>dump on the leader.</summary>
    public const string LeaderDump =
        """
        SessionTracker dump:
        Session Sets (3)/(1):
        0 expire at Tue Nov 24 05:52:12 UTC 2026:
        0 expire at Tue Nov 24 05:52:14 UTC 2026:
        1 expire at Tue Nov 24 05:52:18 UTC 2026:
        	0x1000010d6780000
        ephemeral nodes dump:
        Sessions with Ephemerals (1):
        0x1000010d6780000:
        	/q/e
        Connections dump:
        Connections Sets (1)/(1):
        1 expire at Tue Nov 24 05:52:22 UTC 2026:
        	ip: /127.0.0.1:42542 sessionId: 0x0
        """ + "\n";

    /// <summary>stat on the leader.</summary>
    public const string LeaderStat =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Clients:
         /127.0.0.1:42544[0](queued=0,recved=1,sent=0)

        Latency min/avg/max: 0/0.0/0
        Received: 5
        Sent: 6
        Connections: 1
        Outstanding: 0
        Zxid: 0x100000003
        Mode: leader
        Node count: 7
        Proposal sizes last/min/max: 88/48/88
        """ + "\n";

    /// <summary>the first 37 lines of mntr on the leader (up to the last gauge).</summary>
    public const string LeaderMntrGauges =
        """
        zk_version	3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        zk_server_state	leader
        zk_peer_state	leading - broadcast
        zk_ephemerals_count	1
        zk_num_alive_connections	1
        zk_avg_latency	0.0
        zk_min_proposal_size	48
        zk_outstanding_requests	0
        zk_znode_count	7
        zk_global_sessions	1
        zk_non_mtls_remote_conn_count	0
        zk_last_client_response_size	-1
        zk_packets_sent	2
        zk_packets_received	3
        zk_max_proposal_size	88
        zk_max_client_response_size	-1
        zk_synced_followers	2
        zk_connection_drop_probability	0.0
        zk_watch_count	0
        zk_synced_non_voting_followers	0
        zk_synced_observers	0
        zk_auth_failed_count	0
        zk_min_latency	0
        zk_max_file_descriptor_count	20000
        zk_approximate_data_size	205
        zk_open_file_descriptor_count	48
        zk_last_proposal_size	88
        zk_pending_syncs	0
        zk_leader_uptime	33794
        zk_local_sessions	0
        zk_uptime	34207
        zk_max_latency	0
        zk_outstanding_tls_handshake	0
        zk_learners	2
        zk_min_client_response_size	-1
        zk_non_mtls_local_conn_count	0
        zk_quorum_size	3
        """ + "\n";

    /// <summary>dump on server 1 (follower) with one session.</summary>
    public const string FollowerDump =
        """
        SessionTracker dump:
        Global Sessions(1):
        0x1000010d6780000	10000ms
        ephemeral nodes dump:
        Sessions with Ephemerals (1):
        0x1000010d6780000:
        	/q/e
        Connections dump:
        Connections Sets (2)/(2):
        0 expire at Tue Nov 24 05:52:02 UTC 2026:
        2 expire at Tue Nov 24 05:52:12 UTC 2026:
        	ip: /127.0.0.1:60778 sessionId: 0x1000010d6780000
        	ip: /127.0.0.1:40942 sessionId: 0x0
        """ + "\n";

    /// <summary>cons on the follower.</summary>
    public const string FollowerCons =
        """
         /127.0.0.1:60778[1](queued=0,recved=8,sent=8,sid=0x1000010d6780000,lop=PING,est=1795499511639,to=10000,lcxid=0x3,lzxid=0x100000003,lresp=1131196,llat=1,minlat=0,avglat=10,maxlat=36)
         /127.0.0.1:43950[0](queued=0,recved=1,sent=0)

        """ + "\n";

    /// <summary>srvr on the follower.</summary>
    public const string FollowerSrvr =
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 1/11.8571/36
        Received: 13
        Sent: 14
        Connections: 2
        Outstanding: 0
        Zxid: 0x100000003
        Mode: follower
        Node count: 7
        """ + "\n";

    /// <summary>the first 28 lines of mntr on the follower (up to the last gauge).</summary>
    public const string FollowerMntrGauges =
        """
        zk_version	3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        zk_server_state	follower
        zk_peer_state	following - broadcast
        zk_ephemerals_count	1
        zk_num_alive_connections	2
        zk_avg_latency	16.2
        zk_outstanding_requests	0
        zk_znode_count	7
        zk_global_sessions	1
        zk_non_mtls_remote_conn_count	0
        zk_last_client_response_size	16
        zk_packets_sent	7
        zk_packets_received	8
        zk_max_client_response_size	89
        zk_connection_drop_probability	0.0
        zk_watch_count	1
        zk_auth_failed_count	0
        zk_min_latency	1
        zk_max_file_descriptor_count	20000
        zk_approximate_data_size	205
        zk_open_file_descriptor_count	47
        zk_local_sessions	0
        zk_uptime	20385
        zk_max_latency	36
        zk_outstanding_tls_handshake	0
        zk_min_client_response_size	16
        zk_non_mtls_local_conn_count	0
        zk_quorum_size	3
        """ + "\n";
}
