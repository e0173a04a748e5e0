"""Demo data for the portal: realistic Vietnamese content, generated images and files, staff for every role."""
