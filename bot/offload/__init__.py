"""Work that must not run on the event loop: a helper process started on demand."""
